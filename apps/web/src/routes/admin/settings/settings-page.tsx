import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { RequireMfaCard } from './require-mfa-card';

export function SettingsPage() {
  const me = useMe();
  const access = useAccess();
  // The server lets settings:write change the policy, not every org:write role (a team lead's teams:write).
  const canManage = access.orgWide('settings:write');
  return (
    <div className="grid gap-6">
      <AdminPageHeader
        title="Settings"
        description={`Policies that apply to everyone in ${me.org.name}.`}
        // Until the access is known, no note: an owner would otherwise see it flash.
        canManage={access.loaded ? canManage : undefined}
      />
      <RequireMfaCard canManage={canManage} />
    </div>
  );
}
