import type { OrgPermission } from '@gatehouse/api/schemas';
import { trpc } from './trpc';

/**
 * What the caller's roles allow (org-wide and per team), to show or hide controls. It decides
 * nothing: the server checks again on every call. Until it has loaded, nothing extra is shown.
 */
export function useAccess() {
  const access = trpc.me.access.useQuery(undefined, { staleTime: 30_000 });
  const data = access.data;
  return {
    loaded: data !== undefined,
    orgWide: (permission: OrgPermission) => data?.org.includes(permission) ?? false,
    inTeam: (permission: OrgPermission, teamId: string) =>
      (data?.org.includes(permission) ?? false) ||
      (data?.teams.some((t) => t.teamId === teamId && t.permissions.includes(permission)) ?? false),
  };
}
