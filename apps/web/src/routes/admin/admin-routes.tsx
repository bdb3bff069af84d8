import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { ADMIN_PAGES, canOpenAdminPage, type AdminPage, type HeldPermissions } from '../../lib/admin-pages';
import { AuditPage } from './audit/audit-page';
import { InvitationsPage } from './invitations/invitations-page';
import { MemberPage } from './member/member-page';
import { MembersPage } from './members/members-page';
import { AdminNotFound } from './admin-not-found';
import { NoAccess } from './no-access';
import { TeamPage } from './team/team-page';
import { TeamsPage } from './teams/teams-page';
import { ProvisioningPage } from './provisioning/provisioning-page';
import { RolesPage } from './roles/roles-page';
import { ServiceAccountPage } from './service-accounts/service-account-page';
import { SettingsPage } from './settings/settings-page';

const pages: Record<AdminPage, ReactNode> = {
  members: <MembersPage />,
  member: <MemberPage />,
  teams: <TeamsPage />,
  team: <TeamPage />,
  invitations: <InvitationsPage />,
  roles: <RolesPage />,
  serviceAccount: <ServiceAccountPage />,
  provisioning: <ProvisioningPage />,
  audit: <AuditPage />,
  settings: <SettingsPage />,
};

type AdminRoutesProps = {
  /** `me.access`, already loaded by AdminArea. */
  held: HeldPermissions;
  /** Where /admin itself leads: the first page the caller may open. */
  landing: AdminPage;
};

/**
 * The admin route tree, relative to /admin; loaded lazily by AdminArea. A page the caller's
 * role can't load says so instead of mounting and firing queries the server will refuse.
 */
export function AdminRoutes({ held, landing }: AdminRoutesProps) {
  return (
    <Routes>
      <Route index element={<Navigate to={ADMIN_PAGES[landing].path} replace />} />
      {(Object.keys(pages) as AdminPage[]).map((page) => (
        <Route
          key={page}
          path={ADMIN_PAGES[page].path.slice('/admin/'.length)}
          element={canOpenAdminPage(held, page) ? pages[page] : <NoAccess scope="page" />}
        />
      ))}
      <Route path="*" element={<AdminNotFound />} />
    </Routes>
  );
}
