import { PasskeysCard } from '../passkeys/passkeys-card';
import { ChangePasswordCard } from './change-password-card';
import { SessionsCard } from './sessions-card';
import { TwoFactorCard } from '../two-factor/two-factor-card';

export function SecurityPage() {
  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
        <p className="text-sm text-muted-foreground">Your password, two-factor authentication, passkeys, and where you are signed in.</p>
      </header>
      <ChangePasswordCard />
      <TwoFactorCard />
      <PasskeysCard />
      <SessionsCard />
    </div>
  );
}
