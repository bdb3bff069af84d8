import { Navigate, Route, Routes } from 'react-router';
import { AuditPage } from './audit/audit-page';
import { InvitationsPage } from './invitations/invitations-page';
import { MemberPage } from './member/member-page';
import { MembersPage } from './members/members-page';
import { AdminNotFound } from './admin-not-found';
import { TeamPage } from './team/team-page';
import { TeamsPage } from './teams/teams-page';
import { ProvisioningPage } from './provisioning/provisioning-page';
import { RolesPage } from './roles/roles-page';
import { ServiceAccountPage } from './service-accounts/service-account-page';
import { SettingsPage } from './settings/settings-page';

/** The admin route tree, relative to /admin; loaded lazily by AdminArea once org:read is known. */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="members" replace />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="members/:userId" element={<MemberPage />} />
      <Route path="teams" element={<TeamsPage />} />
      <Route path="teams/:teamId" element={<TeamPage />} />
      <Route path="invitations" element={<InvitationsPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="roles" element={<RolesPage />} />
      <Route path="service-accounts/:serviceAccountId" element={<ServiceAccountPage />} />
      <Route path="provisioning" element={<ProvisioningPage />} />
      <Route path="settings" element={<SettingsPage />} />
      <Route path="*" element={<AdminNotFound />} />
    </Routes>
  );
}
