import type { Role } from '@gatehouse/db';
import { API_KEY_SCOPES } from '../schemas/api-keys.js';
import { ORG_PERMISSIONS, TEAM_SCOPABLE_PERMISSIONS, type OrgPermission } from '../schemas/roles.js';

export { ORG_PERMISSIONS, TEAM_SCOPABLE_PERMISSIONS, type OrgPermission };

export const SCOPES = API_KEY_SCOPES;
export type Scope = (typeof SCOPES)[number];
/**
 * The coarse rights SPEC §3 names: API key scopes, and `me.get`'s `permissions`. Every org
 * permission maps onto exactly one of them (PERMISSION_SCOPE), so "scopes ∩ role" stays a set
 * intersection.
 */
export type Permission = Scope;

/** Everyone has these through self-service and their own teams; no role is needed. */
export const BASELINE_SCOPES: readonly Scope[] = ['profile:read', 'profile:write', 'agents:read'];

/** The API key scope that carries each org permission. */
export const PERMISSION_SCOPE: Record<OrgPermission, Scope> = {
  'members:read': 'org:read',
  'teams:read': 'org:read',
  'member-keys:read': 'org:read',
  'audit:read': 'org:read',
  'agents:read': 'agents:read',
  'members:write': 'org:write',
  'roles:assign': 'org:write',
  'teams:write': 'org:write',
  'agents:write': 'org:write',
  'invitations:write': 'org:write',
  'member-keys:delete': 'org:write',
  'settings:write': 'org:write',
  'service-accounts:write': 'org:write',
  'scim:manage': 'org:write',
};

/**
 * The built-in roles as fixed sets. Admins get the reads, except org-wide agent visibility:
 * SPEC §5 (and the tests that pin it) keep an admin to their own teams' agents, as a member.
 */
export const BUILT_IN_ROLE_PERMISSIONS: Record<Role, readonly OrgPermission[]> = {
  owner: ORG_PERMISSIONS,
  admin: ['members:read', 'teams:read', 'member-keys:read', 'audit:read'],
  member: [],
};

/** The coarse rights that a set of held org permissions amounts to, in SCOPES order. */
export function scopesOfPermissions(held: Iterable<OrgPermission>): Scope[] {
  const reached = new Set<Scope>(BASELINE_SCOPES);
  for (const p of held) reached.add(PERMISSION_SCOPE[p]);
  return SCOPES.filter((s) => reached.has(s));
}

/** A built-in role's coarse rights (∩ a key's scopes when given). */
export function permissionsOf(role: Role, scopes?: readonly Scope[]): Permission[] {
  const granted = scopesOfPermissions(BUILT_IN_ROLE_PERMISSIONS[role]);
  return scopes ? granted.filter((p) => scopes.includes(p)) : granted;
}

export function isTeamScopable(permission: OrgPermission): boolean {
  return TEAM_SCOPABLE_PERMISSIONS.includes(permission);
}

/** Reads a role's stored permission list, dropping anything no longer in the catalogue. */
export function parsePermissions(stored: unknown): OrgPermission[] {
  const list: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (!Array.isArray(list)) return [];
  return ORG_PERMISSIONS.filter((p) => list.includes(p));
}
