// Attack: confuse team membership (duplicate names, double adds, races) so that access follows
// the wrong team, or change teams without a trace.
import { Agent, AuditEvent, Notification, Team, TeamMember, UniqueConstraintViolationException } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, settledReasons, type Harness } from './harness.js';
import { joinOrg, makeAgent, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Teams Org');
});
afterAll(() => h.close());

const auditOf = (targetId: string) => h.orm.em.fork().find(AuditEvent, { targetId }, { orderBy: { id: 'asc' } });

describe('orgAdmin.teams', () => {
  it('creates, lists with counts, renames and deletes, auditing each change', async () => {
    const team = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: '  Platform  ' }));
    expect(team).toMatchObject({ name: 'Platform', memberCount: 0, agentCount: 0 });
    const a = await joinOrg(h, owner.orgId, 'member');
    const b = await joinOrg(h, owner.orgId, 'admin');
    await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: team.id, userId: a.userId }));
    await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: team.id, userId: b.userId }));
    await owner.browser.call((c) => c.orgAdmin.agents.create({ teamId: team.id, name: 'Builder' }));
    const other = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Archive' }));

    expect(await b.browser.call((c) => c.orgAdmin.teams.list())).toEqual([
      { id: other.id, name: 'Archive', memberCount: 0, agentCount: 0, createdAt: other.createdAt },
      { id: team.id, name: 'Platform', memberCount: 2, agentCount: 1, createdAt: team.createdAt },
    ]);

    const renamed = await owner.browser.call((c) => c.orgAdmin.teams.rename({ teamId: team.id, name: 'Platform Eng' }));
    expect(renamed).toMatchObject({ id: team.id, name: 'Platform Eng', memberCount: 2, agentCount: 1 });
    await owner.browser.call((c) => c.orgAdmin.teams.delete({ teamId: team.id }));
    expect((await owner.browser.call((c) => c.orgAdmin.teams.list())).map((t) => t.name)).toEqual(['Archive']);
    // Places and agents went with the team.
    expect(await h.orm.em.fork().count(TeamMember, { team: team.id })).toBe(0);
    expect(await h.orm.em.fork().count(Agent, { team: team.id })).toBe(0);

    expect((await auditOf(team.id)).map((r) => [r.action, r.metadata])).toEqual([
      ['team.created', { name: 'Platform' }],
      ['team.renamed', { from: 'Platform', to: 'Platform Eng' }],
      ['team.deleted', { name: 'Platform Eng', memberCount: 2, agentCount: 1 }],
    ]);
    expect((await auditOf(a.userId)).map((r) => [r.action, r.actorId, r.metadata])).toEqual([
      ['team.member_added', owner.userId, { teamId: team.id, teamName: 'Platform' }],
    ]);
  });

  it('refuses a duplicate name in any letter case: CONFLICT, reason VALIDATION, on the name field', async () => {
    await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Security' }));
    const error = await expectFailure(owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'security' })), {
      code: 'CONFLICT',
      reason: 'VALIDATION',
    });
    expect(error.message).toBe('A team with this name already exists');
    expect(error.data.issues).toEqual([{ path: ['name'], message: 'A team with this name already exists', code: 'custom' }]);
    const other = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Research' }));
    await expectFailure(owner.browser.call((c) => c.orgAdmin.teams.rename({ teamId: other.id, name: 'SECURITY' })), {
      code: 'CONFLICT',
      reason: 'VALIDATION',
    });
    // Renaming to its own name in another case is not a conflict with itself.
    expect((await owner.browser.call((c) => c.orgAdmin.teams.rename({ teamId: other.id, name: 'research' }))).name).toBe('research');
    // Another organisation may use the same name.
    const elsewhere = await newOrg(h, 'Elsewhere');
    expect((await elsewhere.browser.call((c) => c.orgAdmin.teams.create({ name: 'Security' }))).name).toBe('Security');
  });

  it('concurrent creates of one name: one team, the others get the same conflict', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Race' }))),
    );
    expect(settledReasons(results).sort()).toEqual(['VALIDATION', 'VALIDATION', 'VALIDATION', 'VALIDATION', 'ok']);
  });

  it('four parallel creates of Foo, foo, FOO and fOo: exactly one team, the others the same conflict', async () => {
    const results = await Promise.allSettled(
      ['Foo', 'foo', 'FOO', 'fOo'].map((name) => owner.browser.call((c) => c.orgAdmin.teams.create({ name }))),
    );
    expect(settledReasons(results).sort()).toEqual(['VALIDATION', 'VALIDATION', 'VALIDATION', 'ok']);
    const teams = await h.orm.em.fork().find(Team, { organization: owner.orgId });
    expect(teams.filter((t) => t.name.toLowerCase() === 'foo')).toHaveLength(1);
  });

  it('four parallel renames to Bar, bar, BAR and bAr: exactly one team takes the name', async () => {
    const teams = await Promise.all(
      ['Bar 1', 'Bar 2', 'Bar 3', 'Bar 4'].map((name) => owner.browser.call((c) => c.orgAdmin.teams.create({ name }))),
    );
    const results = await Promise.allSettled(
      ['Bar', 'bar', 'BAR', 'bAr'].map((name, i) =>
        owner.browser.call((c) => c.orgAdmin.teams.rename({ teamId: teams[i]!.id, name })),
      ),
    );
    expect(settledReasons(results).sort()).toEqual(['VALIDATION', 'VALIDATION', 'VALIDATION', 'ok']);
    const names = (await h.orm.em.fork().find(Team, { organization: owner.orgId })).map((t) => t.name.toLowerCase());
    expect(names.filter((n) => n === 'bar')).toHaveLength(1);
  });

  it('the database itself refuses a second name in another letter case, whatever the application checks', async () => {
    const em = h.orm.em.fork();
    em.create(Team, { organization: owner.orgId, name: 'Quartz' });
    await em.flush();
    const again = h.orm.em.fork();
    again.create(Team, { organization: owner.orgId, name: 'QUARTZ' });
    await expect(again.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('adding and removing members is idempotent, notifies the member once each way', async () => {
    const { id: teamId } = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Support' }));
    const member = await joinOrg(h, owner.orgId, 'member');
    const add = () => owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId, userId: member.userId }));
    const remove = () => owner.browser.call((c) => c.orgAdmin.teams.removeMember({ teamId, userId: member.userId }));
    expect(await add()).toEqual({ ok: true });
    expect(settledReasons(await Promise.allSettled([add(), add(), add()]))).toEqual(['ok', 'ok', 'ok']);
    expect((await member.browser.call((c) => c.me.get())).teams).toEqual([{ id: teamId, name: 'Support' }]);
    expect(await remove()).toEqual({ ok: true });
    expect(await remove()).toEqual({ ok: true });
    expect((await member.browser.call((c) => c.me.get())).teams).toEqual([]);

    const notes = await h.orm.em.fork().find(Notification, { user: member.userId, category: 'teams' }, { orderBy: { id: 'asc' } });
    expect(notes.map((n) => [n.type, n.title])).toEqual([
      ['team.member_added', 'You were added to the team "Support"'],
      ['team.member_removed', 'You were removed from the team "Support"'],
    ]);
    expect((await auditOf(member.userId)).map((r) => r.action)).toEqual(['team.member_added', 'team.member_removed']);
  });

  it('an agent created by an owner belongs to the team and is listed for its members', async () => {
    const { id: teamId } = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Agents R Us' }));
    const agent = await owner.browser.call((c) => c.orgAdmin.agents.create({ teamId, name: ' Summariser ' }));
    expect(agent).toEqual({ id: agent.id, name: 'Summariser', team: { id: teamId, name: 'Agents R Us' }, createdAt: agent.createdAt });
    await makeAgent(h, owner.orgId, teamId, 'Another');
    await owner.browser.call((c) => c.orgAdmin.agents.delete({ agentId: agent.id }));
    const rows = await auditOf(agent.id);
    expect(rows.map((r) => r.action)).toEqual(['agent.created', 'agent.deleted']);
    await expectFailure(owner.browser.call((c) => c.agents.get({ agentId: agent.id })), { code: 'NOT_FOUND', reason: null });
  });
});
