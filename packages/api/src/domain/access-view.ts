import { Team, type EntityManager } from '@gatehouse/db';
import { loadAccess } from './effective-permissions.js';
import type { OrgPermission } from './permissions.js';
import type { Principal } from './principal.js';

export interface AccessView {
  /** The custom role held org-wide, if any. */
  customRole: { id: string; name: string } | null;
  /** Held org-wide (before a key's scopes). */
  org: OrgPermission[];
  /** Held within single teams through team-scoped roles. */
  teams: { teamId: string; teamName: string; permissions: OrgPermission[] }[];
}

/**
 * The fine-grained permissions behind `me.get`'s coarse `permissions`, for screens that show or
 * hide controls. It decides nothing: every procedure checks again on every call.
 */
export async function describeAccess(em: EntityManager, principal: Principal): Promise<AccessView> {
  const access = await loadAccess(em, principal);
  const ids = [...access.teams.keys()];
  const teams = ids.length ? await em.find(Team, { id: { $in: ids }, organization: principal.orgId }) : [];
  return {
    customRole: access.customRole,
    org: [...access.org],
    teams: teams
      .map((t) => ({ teamId: t.id, teamName: t.name, permissions: [...(access.teams.get(t.id) ?? [])] }))
      .sort((a, b) => a.teamName.localeCompare(b.teamName)),
  };
}
