import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardHeader } from '@gatehouse/ui/card';
import { Spinner } from '@gatehouse/ui/spinner';
import { useState } from 'react';
import { Brand } from '../../components/brand';
import { useMe } from '../../shell/me-context';
import { SignOutButton } from '../../shell/sign-out-button';
import { TotpSetupFlow } from './totp-setup-flow';
import { useBeginTotp } from './use-begin-totp';

const stepTitle = (text: string) => <h2 className="text-base font-semibold">{text}</h2>;

/**
 * What a member sees instead of the app while their organisation requires two-factor and they
 * have none: the server refuses everything else (MFA_ENROLLMENT_REQUIRED), so rather than a page
 * of errors, one screen that says why and walks them through it.
 */
export function EnrolmentRequiredPage({ onDone }: { onDone: () => void }) {
  const me = useMe();
  const totp = useBeginTotp();
  const [enabled, setEnabled] = useState(false);

  return (
    <div className="flex min-h-dvh flex-col">
      <title>Set up two-factor authentication · Gatehouse</title>
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-3xl items-center gap-4 px-4">
          <Brand />
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-sm text-muted-foreground sm:inline">{me.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto grid w-full max-w-2xl gap-6 px-4 py-10">
        <Card>
          <CardHeader>
            <h1 className="text-xl font-semibold tracking-tight">Set up two-factor authentication</h1>
            <CardDescription>
              {me.org.name} requires everyone to use two-factor authentication. Until you set it up, you can't use
              Gatehouse or your API keys. It takes about a minute: you'll need an authenticator app on your phone.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6">
            {totp.setup ? (
              <TotpSetupFlow
                setup={totp.setup}
                title={stepTitle}
                onCancel={totp.end}
                onEnabled={() => setEnabled(true)}
                onFinished={() => {
                  totp.end();
                  onDone();
                }}
                cancelLabel="Back"
              />
            ) : (
              <Button
                onClick={() => void totp.start()}
                disabled={totp.pending || enabled}
                aria-busy={totp.pending}
                className="justify-self-start"
              >
                {totp.pending ? <Spinner /> : null}
                Set up authenticator app
              </Button>
            )}
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
