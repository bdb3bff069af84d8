import type { EntityManager } from '@gatehouse/db';
import { errors } from '../errors.js';
import {
  BUILT_IN_ROLE_PERMISSIONS,
  PERMISSION_SCOPE,
  isTeamScopable,
  parsePermissions,
  scopesOfPermissions,
  type OrgPermission,
  type Scope,
} from './permissions.js';
import type { Principal } from './principal.js';

/**
 * What a principal may do in its organisation right now: the built-in role's fixed set, or the
 * custom role it holds org-wide, plus the custom roles it holds within single teams. Read from
 * the database for each call that needs it (never cached), so a role change, a role edit or a
 * team removal is felt on the very next request. A key's scopes then narrow all of it.
 */
export interface Access {
  principal: Principal;
  /** Held org-wide, before any key scope. */
  org: ReadonlySet<OrgPermission>;
  /** Held within one team each (team-scopable permissions only), before any key scope. */
  teams: ReadonlyMap<string, ReadonlySet<OrgPermission>>;
  /** The custom role held org-wide, if any. */
  customRole: { id: string; name: string } | null;
}

interface GrantRow {
  role_id: string;
  role_name: string;
  permissions: unknown;
  team_id: string | null;
}

export async function loadAccess(em: EntityManager, principal: Principal): Promise<Access> {
  const builtIn = new Set(BUILT_IN_ROLE_PERMISSIONS[principal.role]);
  // Owners hold everything: no custom role can add to that.
  if (principal.role === 'owner') return { principal, org: builtIn, teams: new Map(), customRole: null };
  const rows = await em.execute<GrantRow[]>(
    `select r.id as role_id, r.name as role_name, r.permissions, cast(null as varchar(36)) as team_id
       from membership m inner join org_role r on r.id = m.role_id and r.organization_id = m.organization_id
      where m.user_id = ?
     union all
     select r.id, r.name, r.permissions, tm.team_id
       from team_member tm
       inner join team t on t.id = tm.team_id and t.organization_id = ?
       inner join org_role r on r.id = tm.role_id and r.organization_id = t.organization_id
      where tm.user_id = ?`,
    [principal.userId, principal.orgId, principal.userId],
  );
  const org = new Set(builtIn);
  const teams = new Map<string, Set<OrgPermission>>();
  let customRole: Access['customRole'] = null;
  for (const row of rows) {
    const permissions = parsePermissions(row.permissions);
    if (row.team_id === null) {
      customRole = { id: row.role_id, name: row.role_name };
      for (const p of permissions) org.add(p);
    } else {
      teams.set(row.team_id, new Set(permissions.filter(isTeamScopable)));
    }
  }
  return { principal, org, teams, customRole };
}

const scopeAllows = (access: Access, permission: OrgPermission): boolean =>
  !access.principal.scopes || access.principal.scopes.includes(PERMISSION_SCOPE[permission]);

/** Held org-wide through the role (key scopes aside). */
export const roleHoldsOrgWide = (access: Access, permission: OrgPermission): boolean => access.org.has(permission);

/** Held org-wide or within at least one team (key scopes aside). */
export const roleHoldsAnywhere = (access: Access, permission: OrgPermission): boolean =>
  access.org.has(permission) || [...access.teams.values()].some((held) => held.has(permission));

/** Usable org-wide: the role holds it and, for a key, its scope allows it. */
export const canOrgWide = (access: Access, permission: OrgPermission): boolean =>
  roleHoldsOrgWide(access, permission) && scopeAllows(access, permission);

/** Usable within `teamId`: org-wide, or through a role held in that team. */
export function canInTeam(access: Access, permission: OrgPermission, teamId: string): boolean {
  const held = access.org.has(permission) || (access.teams.get(teamId)?.has(permission) ?? false);
  return held && scopeAllows(access, permission);
}

/** The teams where `permission` is usable through a team-scoped role (org-wide holders: use canOrgWide). */
export function teamsWhere(access: Access, permission: OrgPermission): string[] {
  if (!scopeAllows(access, permission)) return [];
  return [...access.teams].filter(([, held]) => held.has(permission)).map(([teamId]) => teamId);
}

/**
 * What the role holds within `teamId` (org-wide grants included), key scopes aside: the most
 * the caller may hand on there. Scopes decide which procedures a key reaches, not which roles
 * its owner may give.
 */
export function heldInTeam(access: Access, teamId: string): Set<OrgPermission> {
  return new Set([...access.org, ...(access.teams.get(teamId) ?? [])]);
}

/** Role-level refusal: the caller may not do this here (in this team, for this member). */
export function requireInTeam(access: Access, permission: OrgPermission, teamId: string): void {
  if (!canInTeam(access, permission, teamId)) throw errors.insufficientRole();
}

export function requireOrgWide(access: Access, permission: OrgPermission): void {
  if (!canOrgWide(access, permission)) throw errors.insufficientRole();
}

/** The coarse rights (SPEC §3 vocabulary) that the role amounts to, before key scopes. */
export function roleScopes(access: Access): Scope[] {
  return scopesOfPermissions([...access.org, ...[...access.teams.values()].flatMap((held) => [...held])]);
}
