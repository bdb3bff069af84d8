import { InboxCard } from './inbox-card';
import { PreferencesCard } from './preferences-card';

export function NotificationsPage() {
  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Notifications</h1>
        <p className="text-sm text-muted-foreground">
          What Gatehouse tells you about, and where: by email, in the inbox below, or both.
        </p>
      </header>
      <PreferencesCard />
      <InboxCard />
    </div>
  );
}
