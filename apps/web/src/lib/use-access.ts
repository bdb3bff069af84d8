import type { OrgPermission } from '@gatehouse/api/schemas';
import { holds, type HeldPermissions } from './admin-pages';
import { trpc } from './trpc';

const ACCESS_STALE_MS = 30_000;

/**
 * What the caller's roles allow (org-wide and per team), to show or hide controls. It decides
 * nothing: the server checks again on every call. Until it has loaded, nothing extra is shown.
 */
export function useAccess() {
  const access = trpc.me.access.useQuery(undefined, { staleTime: ACCESS_STALE_MS });
  const data = access.data;
  const orgWide = (permission: OrgPermission) => data?.org.includes(permission) ?? false;
  const inTeam = (permission: OrgPermission, teamId: string) =>
    orgWide(permission) ||
    (data?.teams.some((t) => t.teamId === teamId && t.permissions.includes(permission)) ?? false);
  return {
    loaded: data !== undefined,
    orgWide,
    /** Held org-wide or in any team: what a team-reach procedure (a list narrowed to one's teams) admits. */
    anywhere: (permission: OrgPermission) => (data ? holds(data, permission, 'team') : false),
    inTeam,
    /**
     * Held org-wide or in one of these teams (a member's): what a team-reach procedure acting on
     * one member admits, since the server looks for the permission in any team the member is in.
     */
    forMember: (permission: OrgPermission, member: { teams: readonly { id: string }[] }) =>
      orgWide(permission) || member.teams.some((team) => inTeam(permission, team.id)),
  };
}

/**
 * `me.access` for the sidebar and the admin door. Without org:read no admin page can load, so
 * members (most people) never ask. `error` lets the door say so instead of loading forever.
 */
export function useHeldPermissions(hasOrgRead: boolean): { held: HeldPermissions | undefined; error: unknown; retry: () => void } {
  const access = trpc.me.access.useQuery(undefined, { staleTime: ACCESS_STALE_MS, enabled: hasOrgRead });
  return { held: access.data, error: access.data ? null : access.error, retry: () => void access.refetch() };
}
