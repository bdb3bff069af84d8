import type { OrgPermission } from '@gatehouse/api/schemas';

/** Where a permission must be held: org-wide only, or (for team-reach procedures) in any one team too. */
export type Reach = 'org' | 'team';

/** The fine-grained permissions `me.access` reports: held org-wide, and within single teams. */
export type HeldPermissions = {
  org: readonly OrgPermission[];
  teams: readonly { permissions: readonly OrgPermission[] }[];
};

/**
 * What each admin page needs: the permission (and reach) of the procedure behind its main query,
 * copied from packages/api/src/routers/orgAdmin (or narrower, where the page's own call is). `me.get`'s coarse org:read is reached by any of
 * several permissions (a custom role with only audit:read has it), so it can't say which pages
 * will load; this table can. The nav, the index redirect and each admin route read it, and
 * apps/server/test/admin-pages.test.ts fails when it drifts from the procedures' own meta.
 */
export const ADMIN_PAGES = {
  // Team reach on the procedure, but only for a list filtered to one's team: the page's whole list needs it org-wide.
  members: { path: '/admin/members', procedure: 'orgAdmin.members.list', permission: 'members:read', reach: 'org' },
  member: { path: '/admin/members/:userId', procedure: 'orgAdmin.members.get', permission: 'members:read', reach: 'team' },
  teams: { path: '/admin/teams', procedure: 'orgAdmin.teams.list', permission: 'teams:read', reach: 'team' },
  team: { path: '/admin/teams/:teamId', procedure: 'orgAdmin.teams.list', permission: 'teams:read', reach: 'team' },
  invitations: { path: '/admin/invitations', procedure: 'orgAdmin.invitations.list', permission: 'members:read', reach: 'org' },
  roles: { path: '/admin/roles', procedure: 'orgAdmin.roles.list', permission: 'members:read', reach: 'team' },
  serviceAccount: {
    path: '/admin/service-accounts/:serviceAccountId',
    procedure: 'orgAdmin.serviceAccounts.get',
    permission: 'members:read',
    reach: 'org',
  },
  provisioning: { path: '/admin/provisioning', procedure: 'orgAdmin.scim.tokens.list', permission: 'members:read', reach: 'org' },
  audit: { path: '/admin/audit', procedure: 'orgAdmin.audit.list', permission: 'audit:read', reach: 'org' },
  settings: { path: '/admin/settings', procedure: 'orgAdmin.settings.get', permission: 'members:read', reach: 'org' },
} as const satisfies Record<string, { path: string; procedure: string; permission: OrgPermission; reach: Reach }>;

export type AdminPage = keyof typeof ADMIN_PAGES;

/** The pages the sidebar lists, in its order: the first one a caller may open is where /admin leads. */
export const ADMIN_NAV_PAGES = ['members', 'teams', 'invitations', 'roles', 'provisioning', 'audit', 'settings'] as const satisfies readonly AdminPage[];

/** Held as the server's check for `reach` counts it: org-wide, or (team reach) within any team. */
export function holds(held: HeldPermissions, permission: OrgPermission, reach: Reach): boolean {
  if (held.org.includes(permission)) return true;
  return reach === 'team' && held.teams.some((team) => team.permissions.includes(permission));
}

export function canOpenAdminPage(held: HeldPermissions, page: AdminPage): boolean {
  const { permission, reach } = ADMIN_PAGES[page];
  return holds(held, permission, reach);
}

/** Where /admin leads: the first listed page the caller may open, if any. */
export function firstAdminPage(held: HeldPermissions): AdminPage | undefined {
  return ADMIN_NAV_PAGES.find((page) => canOpenAdminPage(held, page));
}
