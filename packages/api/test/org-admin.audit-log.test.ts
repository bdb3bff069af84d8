// Attack: act as an admin without leaving a trace, erase or rewrite the trail through the API,
// or read another organisation's trail (or secrets) through it.
import { AuditEvent, newId } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListAuditInput } from '../src/schemas/org-admin.js';
import { createHarness, STRONG_PASSWORD, type Browser, type Harness } from './harness.js';
import { joinOrg, keyOf, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
let admin: Account;
let secrets: string[];

const ADMIN_ACTIONS = [
  'member.updated',
  'member.role_changed',
  'member.removed',
  'team.created',
  'team.renamed',
  'team.member_added',
  'team.member_removed',
  'team.deleted',
  'agent.created',
  'agent.deleted',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'api_key.deleted',
];

beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Audited');
  admin = await joinOrg(h, owner.orgId, 'admin');
  const member = await keyOf(h, owner.orgId, ['profile:read'], 'member');
  const o = owner.browser;
  await o.call((c) => c.orgAdmin.members.update({ userId: member.userId, jobTitle: 'Analyst' }));
  await o.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: 'admin' }));
  const team = await o.call((c) => c.orgAdmin.teams.create({ name: 'Audit team' }));
  await o.call((c) => c.orgAdmin.teams.rename({ teamId: team.id, name: 'Audit squad' }));
  await o.call((c) => c.orgAdmin.teams.addMember({ teamId: team.id, userId: member.userId }));
  await o.call((c) => c.orgAdmin.teams.removeMember({ teamId: team.id, userId: member.userId }));
  const agent = await o.call((c) => c.orgAdmin.agents.create({ teamId: team.id, name: 'Auditor' }));
  await o.call((c) => c.orgAdmin.agents.delete({ agentId: agent.id }));
  await o.call((c) => c.orgAdmin.teams.delete({ teamId: team.id }));
  const revoked = await o.call((c) => c.orgAdmin.invitations.create({ email: `r-${newId()}@example.com`, role: 'member', teamIds: [] }));
  await o.call((c) => c.orgAdmin.invitations.revoke({ invitationId: revoked.invitation.id }));
  const accepted = await o.call((c) => c.orgAdmin.invitations.create({ email: `a-${newId()}@example.com`, role: 'member', teamIds: [] }));
  const token = accepted.url.split('/').pop()!;
  await h.browser().call((c) => c.auth.acceptInvitation({ token, displayName: 'Joiner', password: STRONG_PASSWORD }));
  await o.call((c) => c.orgAdmin.apiKeys.delete({ keyId: member.keyId }));
  await o.call((c) => c.orgAdmin.members.remove({ userId: member.userId }));
  secrets = [member.secret, token, revoked.url.split('/').pop()!];

  // Another organisation's trail, which must never show up here.
  const other = await newOrg(h, 'Other');
  await other.browser.call((c) => c.orgAdmin.teams.create({ name: 'Elsewhere' }));
});
afterAll(() => h.close());

async function walk(browser: Browser, filters: Omit<NonNullable<ListAuditInput>, 'cursor'>) {
  const rows: { id: string; action: string; createdAt: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await browser.call((c) => c.orgAdmin.audit.list({ ...filters, cursor }));
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

describe('orgAdmin.audit.list', () => {
  it('has a row for every admin action, with actor, via, target, ip and user agent, and no secret', async () => {
    const { items } = await admin.browser.call((c) => c.orgAdmin.audit.list({ limit: 100 }));
    for (const action of ADMIN_ACTIONS) {
      const row = items.find((r) => r.action === action);
      expect(row, action).toBeDefined();
      expect(row!.targetId, action).toEqual(expect.any(String));
      expect(row!.createdAt).toMatch(/^\d{4}-/);
      if (action !== 'invitation.accepted') {
        expect(row, action).toMatchObject({ actorId: owner.userId, via: 'session', userAgent: 'vitest', ip: expect.any(String) });
        expect(row!.actor).toEqual({ id: owner.userId, displayName: 'Test User', email: owner.email });
      }
    }
    const text = JSON.stringify(items);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(items.every((r) => r.actorId === null || r.actor === null || r.actor.id === r.actorId)).toBe(true);
  });

  it('names the invited address on every invitation row (read from the invitation), and on no other row', async () => {
    const { items } = await admin.browser.call((c) => c.orgAdmin.audit.list({ action: 'invitation.', limit: 100 }));
    expect(items.map((r) => r.action).sort()).toEqual(['invitation.accepted', 'invitation.created', 'invitation.created', 'invitation.revoked']);
    for (const row of items) expect(row.invitedEmail, row.action).toMatch(/^[ar]-.+@example\.com$/);
    const revoked = items.find((r) => r.action === 'invitation.revoked')!;
    expect(revoked.invitedEmail).toMatch(/^r-/);
    const others = await admin.browser.call((c) => c.orgAdmin.audit.list({ action: 'team.', limit: 100 }));
    expect(others.items.length).toBeGreaterThan(0);
    for (const row of others.items) expect(row.invitedEmail).toBeNull();
  });

  it('is newest first, and walking its pages returns every row of this organisation exactly once', async () => {
    const all = await walk(owner.browser, { limit: 7 });
    expect(all.length).toBe(await h.orm.em.fork().count(AuditEvent, { orgId: owner.orgId }));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort().reverse());
  });

  it('filters by actor, exact action, action family and time, combined with pagination', async () => {
    const byActor = await walk(owner.browser, { actorId: admin.userId, limit: 2 });
    expect(byActor).toEqual([]);
    const byOwner = await walk(owner.browser, { actorId: owner.userId, limit: 3 });
    expect(byOwner.length).toBeGreaterThanOrEqual(ADMIN_ACTIONS.length - 1);

    expect((await walk(owner.browser, { action: 'team.renamed' })).map((r) => r.action)).toEqual(['team.renamed']);
    expect((await walk(owner.browser, { action: 'team.', limit: 2 })).map((r) => r.action)).toEqual([
      'team.deleted',
      'team.member_removed',
      'team.member_added',
      'team.renamed',
      'team.created',
    ]);

    const all = await walk(owner.browser, { limit: 100 });
    const middle = all[Math.floor(all.length / 2)]!;
    const newer = await walk(owner.browser, { since: middle.createdAt, limit: 3 });
    expect(newer.every((r) => r.createdAt >= middle.createdAt)).toBe(true);
    const older = await walk(owner.browser, { until: middle.createdAt, limit: 3 });
    expect(older.every((r) => r.createdAt <= middle.createdAt)).toBe(true);
    expect(new Set([...newer, ...older].map((r) => r.id)).size).toBe(all.length);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await walk(owner.browser, { since: future })).toEqual([]);
  });

  // That no call changes or deletes audit rows: audit.append-only.test.ts runs every mutation.
  it('is readable with an org:read key', async () => {
    const reader = await keyOf(h, owner.orgId, ['org:read']);
    const { items } = await reader.client.call((c) => c.orgAdmin.audit.list({ limit: 1 }));
    expect(items).toEqual([(await owner.browser.call((c) => c.orgAdmin.audit.list({ limit: 1 }))).items[0]]);
    expect(items[0]).toMatchObject({ action: 'api_key.created', actorId: reader.userId });
  });
});
