// Attack: reach any procedure or SCIM route with a credential that should not: nobody, a member,
// a read-only admin, a custom role beyond its reach, another organisation, a key without the
// scope, a session without sudo, a suspended member, a service account, or a SCIM token where a
// person's credential belongs (and the other way round).
//
// Every procedure of the app router and every SCIM route must have a row below: a new one
// without a row fails the first test. A row is one line naming what the procedure requires.
import {
  BASELINE_SCOPES,
  BUILT_IN_ROLE_PERMISSIONS,
  ORG_PERMISSIONS,
  PERMISSION_SCOPE,
  appRouter,
  reference,
  scopesOfPermissions,
  type OrgPermission,
  type Scope,
} from '@gatehouse/api';
import { Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimRoutes } from '../src/scim-routes.js';
import { PASSWORD, ok, ownerWithScimToken, reasonOf, scimCall, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

type Requirement =
  | { kind: 'public' }
  | { kind: 'interactive' }
  | { kind: 'scope'; scope: Scope }
  | { kind: 'session'; sudo: boolean }
  | { kind: 'permission'; permission: OrgPermission; reach: 'org' | 'team'; sudo: boolean };
interface Row {
  needs: Requirement;
  /** Input sent: by default `{}`, which a procedure with required fields refuses as VALIDATION once authorised. */
  input?: unknown;
}

const pub = (): Row => ({ needs: { kind: 'public' } });
const interactive = (): Row => ({ needs: { kind: 'interactive' } });
const scope = (s: Scope, input?: unknown): Row => ({ needs: { kind: 'scope', scope: s }, input });
const session = (input?: unknown): Row => ({ needs: { kind: 'session', sudo: false }, input });
const sudo = (): Row => ({ needs: { kind: 'session', sudo: true } });
const perm = (permission: OrgPermission, reach: 'org' | 'team' = 'org', input?: unknown): Row => ({
  needs: { kind: 'permission', permission, reach, sudo: false },
  input,
});
const permSudo = (permission: OrgPermission): Row => ({ needs: { kind: 'permission', permission, reach: 'org', sudo: true } });

/** One line per procedure. */
const rows: Record<string, Row> = {
  'auth.signUp': interactive(),
  'auth.signIn': interactive(),
  'auth.signOut': interactive(),
  'auth.mfa.verify': interactive(),
  'auth.mfa.passkeyOptions': interactive(),
  'auth.session': interactive(),
  'auth.invitation': pub(),
  'auth.acceptInvitation': interactive(),
  'auth.verifyEmail': interactive(),
  'auth.requestPasswordReset': interactive(),
  'auth.resetPassword': interactive(),
  'auth.confirmEmailChange': interactive(),
  'auth.cancelEmailChange': interactive(),
  'auth.passkey.options': interactive(),
  'auth.passkey.signIn': interactive(),
  'me.get': scope('profile:read'),
  'me.access': scope('profile:read'),
  'me.updateProfile': scope('profile:write', { displayName: '' }),
  'me.changePassword': session(),
  'me.sessions.list': session(),
  'me.sessions.revoke': session(),
  'me.sessions.revokeOthers': session(),
  'me.sudo.status': session(),
  'me.sudo.enter': session(),
  'me.sudo.passkeyOptions': session(),
  'me.mfa.passkeys.registrationOptions': sudo(),
  'me.mfa.passkeys.register': session(),
  'me.mfa.passkeys.rename': session(),
  'me.mfa.passkeys.delete': sudo(),
  'me.notifications.preferences': scope('profile:read'),
  'me.notifications.updatePreferences': scope('profile:write'),
  'me.notifications.list': scope('profile:read'),
  'me.notifications.markRead': scope('profile:write', { ids: [] }),
  'me.apiKeys.list': session(),
  'me.apiKeys.create': sudo(),
  'me.apiKeys.rotate': sudo(),
  'me.apiKeys.completeRotation': session(),
  'me.apiKeys.delete': session(),
  'me.exportData': scope('profile:read'),
  'me.deleteAccount': session(),
  'me.outbox': session(),
  'me.resendVerification': session(),
  'me.changeEmail': session(),
  'me.securityLog': session(),
  'me.mfa.status': session(),
  'me.mfa.totp.begin': sudo(),
  'me.mfa.totp.confirm': session(),
  'me.mfa.totp.disable': sudo(),
  'me.mfa.backupCodes.regenerate': sudo(),
  'orgAdmin.members.list': perm('members:read', 'team', { teamId: '' }),
  'orgAdmin.members.get': perm('members:read', 'team'),
  'orgAdmin.members.update': perm('members:write', 'team'),
  'orgAdmin.members.setRole': perm('roles:assign'),
  'orgAdmin.members.remove': perm('members:write'),
  'orgAdmin.members.resetMfa': permSudo('members:write'),
  'orgAdmin.settings.get': perm('members:read'),
  'orgAdmin.settings.update': permSudo('settings:write'),
  'orgAdmin.teams.list': perm('teams:read', 'team'),
  'orgAdmin.teams.create': perm('teams:write'),
  'orgAdmin.teams.rename': perm('teams:write', 'team'),
  'orgAdmin.teams.delete': perm('teams:write', 'team'),
  'orgAdmin.teams.addMember': perm('teams:write', 'team'),
  'orgAdmin.teams.removeMember': perm('teams:write', 'team'),
  'orgAdmin.teams.setMemberRole': perm('roles:assign', 'team'),
  'orgAdmin.apiKeys.list': perm('member-keys:read', 'team'),
  'orgAdmin.apiKeys.delete': perm('member-keys:delete', 'team'),
  'orgAdmin.invitations.create': perm('invitations:write'),
  'orgAdmin.invitations.list': perm('members:read'),
  'orgAdmin.invitations.resend': perm('invitations:write'),
  'orgAdmin.invitations.revoke': perm('invitations:write'),
  'orgAdmin.audit.list': perm('audit:read', 'org', { limit: 0 }),
  'orgAdmin.agents.create': perm('agents:write', 'team'),
  'orgAdmin.agents.delete': perm('agents:write', 'team'),
  'orgAdmin.roles.list': perm('members:read', 'team'),
  'orgAdmin.roles.create': perm('roles:assign'),
  'orgAdmin.roles.update': perm('roles:assign'),
  'orgAdmin.roles.delete': perm('roles:assign'),
  'orgAdmin.serviceAccounts.list': perm('members:read'),
  'orgAdmin.serviceAccounts.get': perm('members:read'),
  'orgAdmin.serviceAccounts.create': perm('service-accounts:write'),
  'orgAdmin.serviceAccounts.update': perm('service-accounts:write'),
  'orgAdmin.serviceAccounts.delete': perm('service-accounts:write'),
  'orgAdmin.serviceAccounts.keys.create': permSudo('service-accounts:write'),
  'orgAdmin.serviceAccounts.keys.rotate': permSudo('service-accounts:write'),
  'orgAdmin.serviceAccounts.keys.completeRotation': permSudo('service-accounts:write'),
  'orgAdmin.serviceAccounts.keys.delete': permSudo('service-accounts:write'),
  'orgAdmin.scim.tokens.list': perm('members:read'),
  'orgAdmin.scim.tokens.create': permSudo('scim:manage'),
  'orgAdmin.scim.tokens.revoke': perm('scim:manage'),
  'agents.list': scope('agents:read'),
  'agents.get': scope('agents:read'),
};

/** Who calls, and what the test knows they hold. */
interface Principal {
  name: string;
  auth: { cookie?: string; bearer?: string };
  kind: 'anonymous' | 'session' | 'key' | 'scim';
  org: OrgPermission[];
  team: OrgPermission[];
  scopes?: Scope[];
  sudo?: boolean;
  suspended?: boolean;
}

const REFUSALS = ['SESSION_REQUIRED', 'INVALID_API_KEY', 'SUDO_REQUIRED', 'INSUFFICIENT_ROLE', 'INSUFFICIENT_SCOPE', 'ACCOUNT_SUSPENDED'];

function expected(row: Row, p: Principal): string {
  const { needs } = row;
  if (needs.kind === 'public') return 'allowed';
  if (needs.kind === 'interactive') return p.auth.bearer ? 'FORBIDDEN/SESSION_REQUIRED' : 'allowed';
  if (p.kind === 'anonymous') return 'UNAUTHORIZED/SESSION_REQUIRED';
  if (p.kind === 'scim') return 'UNAUTHORIZED/INVALID_API_KEY';
  if (p.suspended) return 'FORBIDDEN/ACCOUNT_SUSPENDED';
  const sessionOnly = needs.kind === 'session' || (needs.kind === 'permission' && needs.sudo);
  if (sessionOnly && p.kind === 'key') return 'FORBIDDEN/SESSION_REQUIRED';
  if (needs.kind === 'scope') {
    const roleHas = BASELINE_SCOPES.includes(needs.scope) || scopesOfPermissions([...p.org, ...p.team]).includes(needs.scope);
    if (!roleHas) return 'FORBIDDEN/INSUFFICIENT_ROLE';
    if (p.scopes && !p.scopes.includes(needs.scope)) return 'FORBIDDEN/INSUFFICIENT_SCOPE';
  }
  if (needs.kind === 'permission') {
    const held = p.org.includes(needs.permission) || (needs.reach === 'team' && p.team.includes(needs.permission));
    if (!held) return 'FORBIDDEN/INSUFFICIENT_ROLE';
    if (p.scopes && !p.scopes.includes(PERMISSION_SCOPE[needs.permission])) return 'FORBIDDEN/INSUFFICIENT_SCOPE';
  }
  if ((needs.kind === 'session' || needs.kind === 'permission') && needs.sudo && !p.sudo) return 'FORBIDDEN/SUDO_REQUIRED';
  return 'allowed';
}

let s: RunningServer;
const principals: Principal[] = [];
const ALL = [...ORG_PERMISSIONS];
const ADMIN = [...BUILT_IN_ROLE_PERMISSIONS.admin];

beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: 'silent' });
  const owner = await ownerWithScimToken(s, 'Matrix');
  const outsider = await ownerWithScimToken(s, 'Elsewhere');
  const as = { cookie: owner.cookie };
  const team = ok(await trpc<{ id: string }>(s, 'orgAdmin.teams.create', { name: 'Core' }, as));

  /** Someone invited and signed in (a fresh sign-in: sudo open). */
  const person = async (role: 'member' | 'admin') => {
    const invite = ok(await trpc<{ url: string }>(s, 'orgAdmin.invitations.create', { email: uniqueEmail(role), role, teamIds: [] }, as));
    const res = await trpc<{ userId: string }>(s, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: `A ${role}`, password: PASSWORD });
    return { userId: ok(res).userId, cookie: res.cookie! };
  };
  const orgWide: OrgPermission[] = ['members:read', 'teams:write', 'agents:write'];
  const teamScoped: OrgPermission[] = ['members:read', 'teams:write', 'agents:write', 'roles:assign'];
  const orgRole = ok(await trpc<{ id: string }>(s, 'orgAdmin.roles.create', { name: 'Org-wide', permissions: orgWide }, as));
  const teamRole = ok(await trpc<{ id: string }>(s, 'orgAdmin.roles.create', { name: 'Team lead', permissions: teamScoped }, as));

  const member = await person('member');
  const admin = await person('admin');
  const custom = await person('member');
  ok(await trpc(s, 'orgAdmin.members.setRole', { userId: custom.userId, role: orgRole.id }, as));
  const lead = await person('member');
  ok(await trpc(s, 'orgAdmin.teams.setMemberRole', { teamId: team.id, userId: lead.userId, roleId: teamRole.id }, as));
  const lapsed = await person('member');
  ok(await trpc(s, 'orgAdmin.members.setRole', { userId: lapsed.userId, role: 'owner' }, as));
  await s.orm.em.fork().nativeUpdate(Session, { user: lapsed.userId }, { sudoUntil: null });
  const suspended = await person('member');
  const suspendedKey = ok(await trpc<{ secret: string }>(s, 'me.apiKeys.create', { name: 'k', scopes: ['profile:read'], expiresInDays: 7 }, { cookie: suspended.cookie }));
  expect((await scimCall(s, owner.scimToken, 'PATCH', `/Users/${suspended.userId}`, { Operations: [{ op: 'replace', value: { active: false } }] })).status).toBe(200);

  const keys: Principal[] = [];
  for (const scopes of [['profile:read'], ['profile:write'], ['agents:read'], ['org:read'], ['org:write']] as Scope[][]) {
    const { secret } = ok(await trpc<{ secret: string }>(s, 'me.apiKeys.create', { name: scopes.join(), scopes, expiresInDays: 7 }, as));
    keys.push({ name: `owner key [${scopes.join()}]`, auth: { bearer: secret }, kind: 'key', org: ALL, team: [], scopes });
  }
  const robot = ok(await trpc<{ id: string }>(s, 'orgAdmin.serviceAccounts.create', { name: 'robot', role: 'admin', teamIds: [] }, as));
  const robotScopes: Scope[] = ['profile:read', 'agents:read', 'org:read'];
  const robotKey = ok(
    await trpc<{ secret: string }>(s, 'orgAdmin.serviceAccounts.keys.create', { serviceAccountId: robot.id, name: 'ci', scopes: robotScopes, expiresInDays: 7 }, as),
  );

  principals.push(
    { name: 'anonymous', auth: {}, kind: 'anonymous', org: [], team: [] },
    { name: 'member', auth: { cookie: member.cookie }, kind: 'session', org: [], team: [], sudo: true },
    { name: 'admin', auth: { cookie: admin.cookie }, kind: 'session', org: ADMIN, team: [], sudo: true },
    { name: 'owner', auth: as, kind: 'session', org: ALL, team: [], sudo: true },
    { name: 'owner without sudo', auth: { cookie: lapsed.cookie }, kind: 'session', org: ALL, team: [], sudo: false },
    { name: 'custom role org-wide', auth: { cookie: custom.cookie }, kind: 'session', org: orgWide, team: [], sudo: true },
    { name: 'custom role in a team', auth: { cookie: lead.cookie }, kind: 'session', org: [], team: teamScoped, sudo: true },
    { name: "another org's owner", auth: { cookie: outsider.cookie }, kind: 'session', org: ALL, team: [], sudo: true },
    ...keys,
    { name: 'service account key', auth: { bearer: robotKey.secret }, kind: 'key', org: ADMIN, team: [], scopes: robotScopes },
    { name: 'suspended member (session)', auth: { cookie: suspended.cookie }, kind: 'session', org: [], team: [], suspended: true },
    { name: 'suspended member (key)', auth: { bearer: suspendedKey.secret }, kind: 'key', org: [], team: [], suspended: true },
    { name: 'SCIM token of this org', auth: { bearer: owner.scimToken }, kind: 'scim', org: [], team: [] },
    { name: "SCIM token of another org", auth: { bearer: outsider.scimToken }, kind: 'scim', org: [], team: [] },
  );
}, 120_000);
afterAll(() => s.close());

// Every procedure of the app router with its kind, as the API reference lists them.
const procedures = new Map(reference.listProcedures(appRouter).map((p) => [p.path, p]));

describe('authorisation matrix', () => {
  it('has a row for every procedure of the app router, and no row for one that is gone', () => {
    expect(Object.keys(rows).sort()).toEqual([...procedures.keys()].sort());
  });

  // docs/api.md, /api/openapi.json and the REST routes print the builders' meta: pin it to the rows this matrix proves.
  it('states in the API reference exactly the requirement each row proves', () => {
    for (const { path, meta } of procedures.values()) {
      const needs: Requirement =
        meta.caller === 'browser'
          ? { kind: 'interactive' }
          : meta.permission
            ? { kind: 'permission', permission: meta.permission, reach: meta.reach ?? 'org', sudo: Boolean(meta.sudo) }
            : meta.caller === 'session'
              ? { kind: 'session', sudo: Boolean(meta.sudo) }
              : meta.scope
                ? { kind: 'scope', scope: meta.scope }
                : { kind: 'public' };
      expect(needs, path).toEqual(rows[path]?.needs);
    }
  });

  // signOut ends the caller's session, so it runs last.
  const ordered = Object.keys(rows).sort((a, b) => Number(a === 'auth.signOut') - Number(b === 'auth.signOut') || a.localeCompare(b));
  it.each(ordered.map((path) => [path]))('%s', async (path) => {
    const row = rows[path]!;
    const type = procedures.get(path)?.type === 'query' ? 'query' : 'mutation';
    const got: string[] = [];
    const want: string[] = [];
    for (const p of principals) {
      const result = await trpc(s, path, row.input ?? {}, p.auth, type);
      const reason = reasonOf(result);
      got.push(`${p.name}: ${REFUSALS.some((r) => reason.endsWith(`/${r}`)) ? reason : 'allowed'}`);
      want.push(`${p.name}: ${expected(row, p)}`);
    }
    expect(got).toEqual(want);
  });

  it.each(scimRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('SCIM %s: only a SCIM token, only its own organisation', async (_name, route) => {
    const path = route.url.replace(':id', '01900000-0000-7000-8000-000000000000');
    const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
    for (const p of principals) {
      const res = await scimCall(s, p.auth.bearer ?? null, route.method, path, body);
      const outcome = res.status === 401 ? 'refused' : 'allowed';
      expect(`${p.name}: ${outcome}`).toBe(`${p.name}: ${p.kind === 'scim' ? 'allowed' : 'refused'}`);
      if (p.kind !== 'scim') expect(res.body).toMatchObject({ status: '401' });
    }
  });
});
