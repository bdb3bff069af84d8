import type { Role } from '@gatehouse/db';

import { API_KEY_SCOPES } from '../schemas/api-keys.js';

export const SCOPES = API_KEY_SCOPES;
export type Scope = (typeof SCOPES)[number];
/** Permissions and API key scopes share one vocabulary, so "scopes ∩ role" is a set intersection. */
export type Permission = Scope;

const MEMBER: readonly Permission[] = ['profile:read', 'profile:write', 'agents:read'];
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  member: MEMBER,
  admin: [...MEMBER, 'org:read'],
  owner: [...MEMBER, 'org:read', 'org:write'],
};

export function permissionsOf(role: Role, scopes?: readonly Scope[]): Permission[] {
  const granted = ROLE_PERMISSIONS[role];
  return scopes ? granted.filter((p) => scopes.includes(p)) : [...granted];
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
