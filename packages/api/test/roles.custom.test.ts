// Attack: keep a permission after its role was edited, deleted or taken away, or use a
// team-scoped role outside its team (another team's members, agents or settings).
import { AuditEvent, Membership, TeamMember } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { joinOrg, keyOf, makeAgent, makeTeam, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Roles');
});
afterAll(() => h.close());

type Id = `${string}-${string}-${string}-${string}-${string}`;
const refused = { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' } as const;
let n = 0;
const role = async (permissions: string[]) =>
  (await owner.browser.call((c) => c.orgAdmin.roles.create({ name: `R${++n}`, description: 'test', permissions: permissions as never }))).id;
const agentNames = async (a: Account) => (await a.browser.call((c) => c.agents.list())).map((x) => x.name);

describe('custom roles', () => {
  it('lists the built-in roles first, then custom ones with their holders counted', async () => {
    const id = await role(['audit:read']);
    const holder = await joinOrg(h, owner.orgId, 'member');
    await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: holder.userId, role: id as Id }));
    const roles = await owner.browser.call((c) => c.orgAdmin.roles.list());
    expect(roles.slice(0, 3).map((r) => [r.id, r.builtIn])).toEqual([
      ['owner', true],
      ['admin', true],
      ['member', true],
    ]);
    expect(roles.find((r) => r.id === id)).toMatchObject({ permissions: ['audit:read'], memberCount: 1, builtIn: false });
    // Names are unique in any letter case, and never a built-in role's.
    await expectFailure(owner.browser.call((c) => c.orgAdmin.roles.create({ name: `r${n}`, permissions: [] })), { code: 'CONFLICT', reason: 'VALIDATION' });
    await expectFailure(owner.browser.call((c) => c.orgAdmin.roles.create({ name: 'Owner', permissions: [] })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
  });

  it('held org-wide, a role grants exactly its permissions; an edit or deletion is felt on the next request', async () => {
    const id = await role(['audit:read']);
    const holder = await joinOrg(h, owner.orgId, 'member');
    const key = await keyOf(h, owner.orgId, ['org:read'], 'member');
    await expectFailure(holder.browser.call((c) => c.orgAdmin.audit.list()), refused);
    const view = await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: holder.userId, role: id as Id }));
    expect(view).toMatchObject({ role: 'member', customRole: { id } });
    await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: key.userId, role: id as Id }));
    expect((await holder.browser.call((c) => c.orgAdmin.audit.list())).items.length).toBeGreaterThan(0);
    expect((await key.client.call((c) => c.orgAdmin.audit.list())).items.length).toBeGreaterThan(0);
    await expectFailure(holder.browser.call((c) => c.orgAdmin.members.list()), refused);
    expect((await holder.browser.call((c) => c.me.get())).permissions).toEqual(['profile:read', 'profile:write', 'agents:read', 'org:read']);
    expect(await holder.browser.call((c) => c.me.access())).toEqual({ customRole: { id, name: expect.any(String) }, org: ['audit:read'], teams: [] });

    await owner.browser.call((c) => c.orgAdmin.roles.update({ roleId: id, permissions: ['members:read'] }));
    await expectFailure(holder.browser.call((c) => c.orgAdmin.audit.list()), refused);
    expect((await holder.browser.call((c) => c.orgAdmin.members.list())).items.length).toBeGreaterThan(0);

    await owner.browser.call((c) => c.orgAdmin.roles.delete({ roleId: id }));
    await expectFailure(holder.browser.call((c) => c.orgAdmin.members.list()), refused);
    expect(await h.orm.em.fork().findOneOrFail(Membership, { user: holder.userId })).toMatchObject({ role: 'member', roleId: null });
    const deleted = await h.orm.em.fork().findOneOrFail(AuditEvent, { action: 'role.deleted', targetId: id });
    expect(deleted.metadata).toMatchObject({ membersReset: 2 });
  });

  it('held within a team, a role reaches that team, its members and its agents only', async () => {
    const lead = await joinOrg(h, owner.orgId, 'member', { displayName: 'Lead' });
    const mate = await joinOrg(h, owner.orgId, 'member', { displayName: 'Mate' });
    const stranger = await joinOrg(h, owner.orgId, 'member', { displayName: 'Stranger' });
    const red = await makeTeam(h, owner.orgId, `Red ${n}`, [mate.userId]);
    const blue = await makeTeam(h, owner.orgId, `Blue ${n}`, [stranger.userId]);
    await makeAgent(h, owner.orgId, red, 'R-agent');
    const blueAgent = await makeAgent(h, owner.orgId, blue, 'B-agent');
    const id = await role(['members:read', 'teams:read', 'teams:write', 'agents:write', 'audit:read']);
    expect(await agentNames(lead)).toEqual([]);

    // Assigning within a team places the member in it: they gain exactly that team's agents.
    await owner.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId: red, userId: lead.userId, roleId: id }));
    expect(await agentNames(lead)).toEqual(['R-agent']);
    expect(await lead.browser.call((c) => c.me.access())).toMatchObject({ org: [], teams: [{ teamId: red, permissions: ['members:read', 'teams:read', 'teams:write', 'agents:write'] }] });
    expect((await lead.browser.call((c) => c.orgAdmin.teams.list())).map((t) => t.id)).toEqual([red]);
    expect((await lead.browser.call((c) => c.orgAdmin.members.list({ teamId: red }))).items.map((m) => m.displayName).sort()).toEqual(['Lead', 'Mate']);
    expect((await lead.browser.call((c) => c.orgAdmin.members.get({ userId: mate.userId }))).displayName).toBe('Mate');
    const made = await lead.browser.call((c) => c.orgAdmin.agents.create({ teamId: red, name: 'Lead-made' }));
    expect(await agentNames(lead)).toEqual(['Lead-made', 'R-agent']);

    // Nothing beyond the team: not the org-wide list, not another team's members, agents or roster;
    // audit:read is organisation-wide by nature and a team role does not confer it.
    await expectFailure(lead.browser.call((c) => c.orgAdmin.members.list()), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.members.list({ teamId: blue })), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.members.get({ userId: stranger.userId })), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.agents.create({ teamId: blue, name: 'Intruder' })), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.agents.delete({ agentId: blueAgent })), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: blue, userId: lead.userId })), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.audit.list()), refused);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.teams.create({ name: 'Mine' })), refused);

    // Removal from the team takes the role and the agents, on the next request.
    await owner.browser.call((c) => c.orgAdmin.teams.removeMember({ teamId: red, userId: lead.userId }));
    expect(await agentNames(lead)).toEqual([]);
    await expectFailure(lead.browser.call((c) => c.orgAdmin.agents.delete({ agentId: made.id })), refused);
    expect(await h.orm.em.fork().count(TeamMember, { user: lead.userId })).toBe(0);
  });

  it("another organisation's roles are not found, and a role id from elsewhere is a bad value", async () => {
    const other = await newOrg(h, 'Other');
    const foreign = (await other.browser.call((c) => c.orgAdmin.roles.create({ name: 'Theirs', permissions: [] }))).id;
    const member = await joinOrg(h, owner.orgId, 'member');
    await expectFailure(owner.browser.call((c) => c.orgAdmin.roles.update({ roleId: foreign, name: 'Mine now' })), { code: 'NOT_FOUND', reason: null });
    await expectFailure(owner.browser.call((c) => c.orgAdmin.roles.delete({ roleId: foreign })), { code: 'NOT_FOUND', reason: null });
    await expectFailure(owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: foreign as Id })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
    const team = await makeTeam(h, owner.orgId, `T ${n}`);
    await expectFailure(owner.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId: team, userId: member.userId, roleId: foreign })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
    await expectFailure(owner.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId: team, userId: member.userId, roleId: 'owner' })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
    expect(await h.orm.em.fork().findOneOrFail(Membership, { user: member.userId })).toMatchObject({ roleId: null });
    expect(await h.orm.em.fork().count(TeamMember, { user: member.userId })).toBe(0);
  });
});
