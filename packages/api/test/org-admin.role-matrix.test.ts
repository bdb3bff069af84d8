// Attack: reach an org-admin or agents procedure with a role, a key scope or an organisation that
// does not allow it (a member, a read-only admin, a narrow key, another org's owner, nobody).
import { ApiKey, Invitation, Membership, Team, TeamMember, User, newId, type Role } from '@gatehouse/db';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../src/domain/permissions.js';
import { TRPCError } from '@trpc/server';
import { extrasOf } from '../src/trpc.js';
import { auditTable } from './audit-table.js';
import { createHarness, type Browser, type Caller, type Harness } from './harness.js';
import { joinOrg, keyOf, makeAgent, makeTeam, newOrg } from './org-admin.fixtures.js';

type Needs = 'org:read' | 'org:write' | 'agents:read';
interface Case {
  path: string;
  needs: Needs;
  /** What another organisation's owner gets with this org's ids: its own org's answer, or NOT_FOUND. */
  foreign: 'ok' | 'NOT_FOUND';
  setup?: () => Promise<string>;
  call: (c: Caller, target: string) => Promise<unknown>;
  /** Whether the call changed this organisation (mutations only). */
  effect?: (target: string) => Promise<boolean>;
}
interface CallerSpec {
  name: string;
  role: Role | null;
  scopes?: Scope[];
  foreign?: boolean;
  client: Browser;
}

let h: Harness;
let orgId: string;
let teamId: string;
let agentId: string;
const callers: CallerSpec[] = [];
const db = () => h.orm.em.fork();
const uid = () => newId().slice(-12);

beforeAll(async () => {
  h = await createHarness();
  const owner = await newOrg(h, 'Matrix');
  orgId = owner.orgId;
  const admin = await joinOrg(h, orgId, 'admin');
  const member = await joinOrg(h, orgId, 'member');
  const outsider = await newOrg(h, 'Elsewhere');
  const keys = await Promise.all([
    keyOf(h, orgId, ['org:read']),
    keyOf(h, orgId, ['org:write']),
    keyOf(h, orgId, ['agents:read']),
    keyOf(h, orgId, ['profile:read']),
    keyOf(h, orgId, ['org:read', 'org:write', 'agents:read'], 'admin'),
    keyOf(h, orgId, ['org:read', 'org:write', 'agents:read'], 'member'),
  ]);
  teamId = await makeTeam(h, orgId, 'Everyone', [owner.userId, admin.userId, member.userId, ...keys.map((k) => k.userId)]);
  agentId = await makeAgent(h, orgId, teamId, 'Shared agent');
  callers.push(
    { name: 'owner', role: 'owner', client: owner.browser },
    { name: 'admin', role: 'admin', client: admin.browser },
    { name: 'member', role: 'member', client: member.browser },
    { name: 'owner of another org', role: 'owner', foreign: true, client: outsider.browser },
    { name: 'anonymous', role: null, client: h.browser() },
    ...[
      ['owner key [org:read]', 'owner'],
      ['owner key [org:write]', 'owner'],
      ['owner key [agents:read]', 'owner'],
      ['owner key [profile:read]', 'owner'],
      ['admin key [org:*, agents:read]', 'admin'],
      ['member key [org:*, agents:read]', 'member'],
    ].map(([name, role], i) => ({ name: name!, role: role as Role, scopes: keys[i]!.scopes, client: keys[i]!.client })),
  );
});
afterAll(() => h.close());

const newMember = async () => (await joinOrg(h, orgId, 'member')).userId;
const newTeam = () => makeTeam(h, orgId, `Team ${uid()}`);
const exists = async (entity: 'Team' | 'User' | 'ApiKey', id: string) => (await db().count(entity, { id })) > 0;

const cases: Case[] = [
  { path: 'members.list', needs: 'org:read', foreign: 'ok', call: (c) => c.orgAdmin.members.list() },
  { path: 'members.get', needs: 'org:read', foreign: 'NOT_FOUND', setup: newMember, call: (c, userId) => c.orgAdmin.members.get({ userId }) },
  {
    path: 'members.update',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: newMember,
    call: (c, userId) => c.orgAdmin.members.update({ userId, jobTitle: 'Changed' }),
    effect: async (id) => (await db().findOneOrFail(User, { id })).jobTitle === 'Changed',
  },
  {
    path: 'members.setRole',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: newMember,
    call: (c, userId) => c.orgAdmin.members.setRole({ userId, role: 'admin' }),
    effect: async (user) => (await db().findOneOrFail(Membership, { user })).role === 'admin',
  },
  {
    path: 'members.remove',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: newMember,
    call: (c, userId) => c.orgAdmin.members.remove({ userId }),
    effect: async (id) => !(await exists('User', id)),
  },
  { path: 'teams.list', needs: 'org:read', foreign: 'ok', call: (c) => c.orgAdmin.teams.list() },
  {
    path: 'teams.create',
    needs: 'org:write',
    foreign: 'ok',
    setup: () => Promise.resolve(`Created ${uid()}`),
    call: (c, name) => c.orgAdmin.teams.create({ name }),
    effect: async (name) => (await db().count(Team, { organization: orgId, name })) > 0,
  },
  {
    path: 'teams.rename',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: newTeam,
    call: (c, id) => c.orgAdmin.teams.rename({ teamId: id, name: `Renamed ${id}` }),
    effect: async (id) => (await db().findOneOrFail(Team, { id })).name === `Renamed ${id}`,
  },
  {
    path: 'teams.delete',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: newTeam,
    call: (c, id) => c.orgAdmin.teams.delete({ teamId: id }),
    effect: async (id) => !(await exists('Team', id)),
  },
  {
    path: 'teams.addMember',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: newMember,
    call: (c, userId) => c.orgAdmin.teams.addMember({ teamId, userId }),
    effect: async (user) => (await db().count(TeamMember, { team: teamId, user })) > 0,
  },
  {
    path: 'teams.removeMember',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: async () => {
      const userId = await newMember();
      await db().insert(TeamMember, { id: newId(), team: teamId, user: userId, createdAt: new Date() });
      return userId;
    },
    call: (c, userId) => c.orgAdmin.teams.removeMember({ teamId, userId }),
    effect: async (user) => (await db().count(TeamMember, { team: teamId, user })) === 0,
  },
  { path: 'apiKeys.list', needs: 'org:read', foreign: 'NOT_FOUND', setup: newMember, call: (c, userId) => c.orgAdmin.apiKeys.list({ userId }) },
  {
    path: 'apiKeys.delete',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: async () => {
      const key = { id: newId(), publicId: randomBytes(4).toString('hex'), user: await newMember(), name: 'k', scopes: ['profile:read'] };
      await db().insert(ApiKey, { ...key, createdAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
      return key.id;
    },
    call: (c, keyId) => c.orgAdmin.apiKeys.delete({ keyId }),
    effect: async (id) => !(await exists('ApiKey', id)),
  },
  {
    path: 'invitations.create',
    needs: 'org:write',
    foreign: 'ok',
    setup: () => Promise.resolve(`invitee-${uid()}@example.com`),
    call: (c, email) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }),
    effect: async (email) => (await db().count(Invitation, { organization: orgId, email })) > 0,
  },
  { path: 'invitations.list', needs: 'org:read', foreign: 'ok', call: (c) => c.orgAdmin.invitations.list() },
  {
    path: 'invitations.revoke',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: async () => {
      const id = newId();
      await db().insert(Invitation, {
        id,
        organization: orgId,
        email: `pending-${uid()}@example.com`,
        role: 'member',
        teamIds: [],
        tokenHash: randomBytes(32).toString('hex'),
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      return id;
    },
    call: (c, invitationId) => c.orgAdmin.invitations.revoke({ invitationId }),
    effect: async (id) => (await db().findOneOrFail(Invitation, { id })).revokedAt != null,
  },
  { path: 'audit.list', needs: 'org:read', foreign: 'ok', call: (c) => c.orgAdmin.audit.list() },
  {
    path: 'agents.create (orgAdmin)',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: () => Promise.resolve(`Agent ${uid()}`),
    call: (c, name) => c.orgAdmin.agents.create({ teamId, name }),
    effect: async (name) => (await db().count('Agent', { organization: orgId, name })) > 0,
  },
  {
    path: 'agents.delete (orgAdmin)',
    needs: 'org:write',
    foreign: 'NOT_FOUND',
    setup: () => makeAgent(h, orgId, teamId, 'Doomed'),
    call: (c, id) => c.orgAdmin.agents.delete({ agentId: id }),
    effect: async (id) => (await db().count('Agent', { id })) === 0,
  },
  { path: 'agents.list', needs: 'agents:read', foreign: 'ok', call: (c) => c.agents.list() },
  { path: 'agents.get', needs: 'agents:read', foreign: 'NOT_FOUND', call: (c) => c.agents.get({ agentId }) },
];

const ROLE_PERMISSIONS: Record<Role, Needs[]> = {
  member: ['agents:read'],
  admin: ['agents:read', 'org:read'],
  owner: ['agents:read', 'org:read', 'org:write'],
};

function expected(caller: CallerSpec, kase: Case): string {
  if (caller.role === null) return 'UNAUTHORIZED/SESSION_REQUIRED';
  if (!ROLE_PERMISSIONS[caller.role].includes(kase.needs)) return 'FORBIDDEN/INSUFFICIENT_ROLE';
  if (caller.scopes && !caller.scopes.includes(kase.needs)) return 'FORBIDDEN/INSUFFICIENT_SCOPE';
  if (caller.foreign && kase.foreign === 'NOT_FOUND') return 'NOT_FOUND/null';
  return 'ok';
}

describe('role × procedure matrix for orgAdmin.* and agents.*', () => {
  it.each(cases.map((c) => [c.path, c] as const))('%s', async (_path, kase) => {
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const caller of callers) {
      const target = (await kase.setup?.()) ?? '';
      const trail = await auditTable(h.orm);
      const outcome = await caller.client.call((c) => kase.call(c, target)).then(
        () => 'ok',
        (e: unknown) => (e instanceof TRPCError ? `${e.code}/${extrasOf(e.cause).reason}` : String(e)),
      );
      // Allowed or refused, no call rewrites or removes an older audit row. (members.remove erases
      // a member made for the case, who has no rows of their own to pseudonymise.)
      const after = await auditTable(h.orm);
      expect([...trail.values()].map((row) => after.get(row.id)), `${caller.name}: audit trail`).toEqual([...trail.values()]);
      outcomes.push(`${caller.name}: ${outcome}`);
      wanted.push(`${caller.name}: ${expected(caller, kase)}`);
      if (kase.effect) {
        // Refused calls change nothing; only this org's own allowed callers change this org.
        const changed = await kase.effect(target);
        expect(`${caller.name}: ${changed ? 'changed' : 'unchanged'}`).toBe(
          `${caller.name}: ${expected(caller, kase) === 'ok' && !caller.foreign ? 'changed' : 'unchanged'}`,
        );
      }
    }
    expect(outcomes).toEqual(wanted);
  });
});
