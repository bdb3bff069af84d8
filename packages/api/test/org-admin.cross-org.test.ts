// Attack: an owner (or their org:write key) of one organisation passes ids of another
// organisation's members, teams, keys, invitations and agents, to read or change them, or to
// learn that they exist.
import { AuditEvent, Agent, ApiKey, Invitation, Membership, Notification, Team, TeamMember, newId } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { extrasOf } from '../src/trpc.js';
import { createHarness, type Browser, type Caller, type Harness } from './harness.js';
import { joinOrg, keyOf, makeAgent, makeTeam, newOrg } from './org-admin.fixtures.js';

let h: Harness;
const ids = {} as Record<'aOrg' | 'aTeam' | 'aMember' | 'bOrg' | 'bOwner' | 'bMember' | 'bTeam' | 'bAgent' | 'bKey' | 'bInvitation', string>;
let attackers: [string, Browser][];

beforeAll(async () => {
  h = await createHarness();
  const a = await newOrg(h, 'Attacker Org');
  const aKey = await keyOf(h, a.orgId, ['org:read', 'org:write', 'agents:read']);
  ids.aOrg = a.orgId;
  ids.aMember = (await joinOrg(h, a.orgId, 'member')).userId;
  ids.aTeam = await makeTeam(h, a.orgId, 'A team', [ids.aMember]);
  attackers = [
    ['owner session', a.browser],
    ['owner key', aKey.client],
  ];

  const b = await newOrg(h, 'Victim Org');
  ids.bOrg = b.orgId;
  ids.bOwner = b.userId;
  const bMember = await joinOrg(h, b.orgId, 'member');
  ids.bMember = bMember.userId;
  ids.bTeam = await makeTeam(h, b.orgId, 'B team', [b.userId, bMember.userId]);
  ids.bAgent = await makeAgent(h, b.orgId, ids.bTeam, 'B agent');
  ids.bKey = (await bMember.browser.call((c) => c.me.apiKeys.create({ name: 'b', scopes: ['profile:read'], expiresInDays: 3 }))).key.id;
  const invited = await b.browser.call((c) =>
    c.orgAdmin.invitations.create({ email: `b-invitee-${newId()}@example.com`, role: 'member', teamIds: [ids.bTeam] }),
  );
  ids.bInvitation = invited.invitation.id;
});
afterAll(() => h.close());

/** Everything either organisation holds that an org-admin call could touch. */
async function snapshot() {
  const em = h.orm.em.fork();
  const orgs = [ids.aOrg, ids.bOrg];
  const memberships = await em.find(Membership, { organization: { $in: orgs } }, { populate: ['user'], orderBy: { id: 'asc' } });
  const users = memberships.map((m) => m.user.id);
  return {
    members: memberships.map((m) => [m.user.id, m.role, m.user.displayName, m.user.jobTitle, m.user.department]),
    teams: (await em.find(Team, { organization: { $in: orgs } }, { orderBy: { id: 'asc' } })).map((t) => [t.id, t.name]),
    places: (await em.find(TeamMember, { user: { $in: users } }, { orderBy: { id: 'asc' } })).map((p) => [p.team.id, p.user.id]),
    agents: (await em.find(Agent, { organization: { $in: orgs } }, { orderBy: { id: 'asc' } })).map((g) => [g.id, g.team.id]),
    keys: (await em.find(ApiKey, { user: { $in: users } }, { orderBy: { id: 'asc' } })).map((k) => k.id),
    invitations: (await em.find(Invitation, { organization: { $in: orgs } }, { orderBy: { id: 'asc' } })).map((i) => [
      i.id,
      i.revokedAt,
    ]),
    audit: await em.count(AuditEvent, { orgId: { $in: orgs } }),
    notifications: await em.count(Notification, { user: { $in: users } }),
  };
}

type Probe = [name: string, call: (c: Caller, id: string) => Promise<unknown>, foreignId: () => string];

const byId: Probe[] = [
  ['members.get', (c, userId) => c.orgAdmin.members.get({ userId }), () => ids.bMember],
  ['members.update', (c, userId) => c.orgAdmin.members.update({ userId, displayName: 'Pwned' }), () => ids.bMember],
  ['members.setRole (promote)', (c, userId) => c.orgAdmin.members.setRole({ userId, role: 'owner' }), () => ids.bMember],
  ['members.setRole (demote)', (c, userId) => c.orgAdmin.members.setRole({ userId, role: 'member' }), () => ids.bOwner],
  ['members.remove', (c, userId) => c.orgAdmin.members.remove({ userId }), () => ids.bMember],
  ['teams.rename', (c, teamId) => c.orgAdmin.teams.rename({ teamId, name: 'Pwned' }), () => ids.bTeam],
  ['teams.delete', (c, teamId) => c.orgAdmin.teams.delete({ teamId }), () => ids.bTeam],
  ['teams.addMember (their team)', (c, teamId) => c.orgAdmin.teams.addMember({ teamId, userId: ids.aMember }), () => ids.bTeam],
  ['teams.addMember (their member)', (c, userId) => c.orgAdmin.teams.addMember({ teamId: ids.aTeam, userId }), () => ids.bMember],
  ['teams.removeMember (their team)', (c, teamId) => c.orgAdmin.teams.removeMember({ teamId, userId: ids.bMember }), () => ids.bTeam],
  ['teams.removeMember (their member)', (c, userId) => c.orgAdmin.teams.removeMember({ teamId: ids.aTeam, userId }), () => ids.bMember],
  ['apiKeys.list', (c, userId) => c.orgAdmin.apiKeys.list({ userId }), () => ids.bMember],
  ['apiKeys.delete', (c, keyId) => c.orgAdmin.apiKeys.delete({ keyId }), () => ids.bKey],
  [
    'invitations.create (their team)',
    (c, teamId) => c.orgAdmin.invitations.create({ email: `x-${newId()}@example.com`, role: 'admin', teamIds: [teamId] }),
    () => ids.bTeam,
  ],
  ['invitations.revoke', (c, invitationId) => c.orgAdmin.invitations.revoke({ invitationId }), () => ids.bInvitation],
  ['invitations.resend', (c, invitationId) => c.orgAdmin.invitations.resend({ invitationId }), () => ids.bInvitation],
  ['agents.create (their team)', (c, teamId) => c.orgAdmin.agents.create({ teamId, name: 'Pwned' }), () => ids.bTeam],
  ['agents.delete', (c, agentId) => c.orgAdmin.agents.delete({ agentId }), () => ids.bAgent],
  ['agents.get', (c, agentId) => c.agents.get({ agentId }), () => ids.bAgent],
];

const filters: Probe[] = [
  ['members.list {teamId}', (c, teamId) => c.orgAdmin.members.list({ teamId }), () => ids.bTeam],
  ['audit.list {actorId}', (c, actorId) => c.orgAdmin.audit.list({ actorId }), () => ids.bOwner],
];

async function outcome(client: Browser, call: (c: Caller) => Promise<unknown>) {
  try {
    return { value: await client.call(call) };
  } catch (e) {
    expect(e).toBeInstanceOf(TRPCError);
    const error = e as TRPCError;
    return { code: error.code, message: error.message, reason: extrasOf(error.cause).reason };
  }
}

describe('another organisation’s ids behave exactly like ids that do not exist', () => {
  it.each(byId)('%s', async (_name, call, foreignId) => {
    for (const [, client] of attackers) {
      const before = await snapshot();
      const foreign = await outcome(client, (c) => call(c, foreignId()));
      const random = await outcome(client, (c) => call(c, newId()));
      expect(random).toMatchObject({ code: 'NOT_FOUND', reason: null });
      expect(foreign).toEqual(random);
      expect(await snapshot()).toEqual(before);
    }
  });

  it.each(filters)('%s filters to nothing, as for a random id', async (_name, call, foreignId) => {
    for (const [, client] of attackers) {
      const foreign = await outcome(client, (c) => call(c, foreignId()));
      expect(foreign).toEqual({ value: { items: [], nextCursor: null } });
      expect(await outcome(client, (c) => call(c, newId()))).toEqual(foreign);
    }
  });

  it('list procedures show only the caller’s own organisation', async () => {
    const [, client] = attackers[0]!;
    const members = await client.call((c) => c.orgAdmin.members.list({ limit: 100 }));
    const own = await h.orm.em.fork().find(Membership, { organization: ids.aOrg });
    expect(members.items.map((m) => m.userId).sort()).toEqual(own.map((m) => m.user.id).sort());
    expect((await client.call((c) => c.orgAdmin.teams.list())).map((t) => t.id)).toEqual([ids.aTeam]);
    expect(await client.call((c) => c.orgAdmin.invitations.list())).toEqual([]);
    expect(await client.call((c) => c.agents.list())).toEqual([]);
    const audit = await client.call((c) => c.orgAdmin.audit.list({ limit: 100 }));
    const ownAudit = await h.orm.em.fork().count(AuditEvent, { orgId: ids.aOrg });
    expect(audit.items).toHaveLength(ownAudit);
    expect(audit.items.every((row) => ![ids.bOwner, ids.bMember].includes(row.actorId ?? ''))).toBe(true);
  });
});
