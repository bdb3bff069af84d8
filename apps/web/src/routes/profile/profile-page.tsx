import { useMe } from '../../shell/me-context';
import { EmailCard } from './email-card';
import { ProfileForm } from './profile-form';
import { WorkDetails } from './work-details';

export function ProfilePage() {
  const me = useMe();
  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Profile</h1>
        <p className="text-sm text-muted-foreground">
          How you appear to others in {me.org.name}, and how Gatehouse shows dates and times to you.
        </p>
      </header>
      <ProfileForm me={me} />
      <EmailCard />
      <WorkDetails me={me} />
    </div>
  );
}
