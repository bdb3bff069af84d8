import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { RequireMfaCard } from './require-mfa-card';

export function SettingsPage() {
  const me = useMe();
  return (
    <div className="grid gap-6">
      <AdminPageHeader title="Settings" description={`Policies that apply to everyone in ${me.org.name}.`} />
      <RequireMfaCard />
    </div>
  );
}
