import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Dialog, DialogContent, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { Spinner } from '@gatehouse/ui/spinner';
import { useId, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadError } from '../../components/load-error';
import { dateFormatFor } from '../../lib/date-format';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { BackupCodes } from './backup-codes';
import { MfaStatusSummary } from './mfa-status-summary';
import { TotpSetupFlow } from './totp-setup-flow';
import { useBeginTotp } from './use-begin-totp';

type Confirming = 'disable' | 'regenerate' | null;

const dialogTitle = (text: string) => (
  <DialogHeader>
    <DialogTitle>{text}</DialogTitle>
  </DialogHeader>
);

/** The security page's two-factor section: turn the authenticator app on or off, renew backup codes. */
export function TwoFactorCard() {
  const titleId = useId();
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const utils = trpc.useUtils();
  const status = trpc.me.mfa.status.useQuery();
  const totp = useBeginTotp();
  const disable = trpc.me.mfa.totp.disable.useMutation();
  const regenerate = trpc.me.mfa.backupCodes.regenerate.useMutation({ gcTime: 0 });
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  const renderBody = () => {
    if (status.data) {
      return (
        <MfaStatusSummary
          summary={{ enabled: status.data.enabled, authenticator: status.data.totp, backupCodesLeft: status.data.backupCodesLeft }}
          dates={dates}
          locale={me.locale}
        />
      );
    }
    if (status.isError) {
      return <LoadError title="We couldn't load your two-factor settings" error={status.error} onRetry={() => void status.refetch()} />;
    }
    return (
      <div role="status" aria-label="Loading two-factor settings" aria-busy className="grid gap-3">
        <Skeleton className="h-4 w-64" />
        <Skeleton className="h-4 w-48" />
      </div>
    );
  };

  const hasTotp = status.data?.totp === true;
  return (
    <Card role="region" aria-labelledby={titleId}>
      <CardHeader>
        <CardTitle id={titleId}>Two-factor authentication</CardTitle>
        <CardDescription>
          Ask for a code from your phone as well as your password when you sign in, so a stolen password alone can't get
          into your account.
        </CardDescription>
      </CardHeader>
      <CardContent>{renderBody()}</CardContent>
      {status.data ? (
        <CardFooter className="flex-wrap justify-end">
          {status.data.enabled ? (
            <Button variant="outline" onClick={() => setConfirming('regenerate')}>
              Generate new backup codes
            </Button>
          ) : null}
          {hasTotp ? (
            <Button variant="outline" onClick={() => setConfirming('disable')}>
              Remove authenticator app
            </Button>
          ) : (
            <Button onClick={() => void totp.start()} disabled={totp.pending} aria-busy={totp.pending}>
              {totp.pending ? <Spinner /> : null}
              Set up authenticator app
            </Button>
          )}
        </CardFooter>
      ) : null}

      <Dialog open={totp.setup !== null} onOpenChange={(open) => (open ? undefined : totp.end())}>
        {totp.setup ? (
          <DialogContent
            showCloseButton={false}
            className="max-w-xl"
            // A stray click beside the dialog must not throw away codes that can't be shown again.
            onInteractOutside={(event) => event.preventDefault()}
          >
            <TotpSetupFlow
              setup={totp.setup}
              title={dialogTitle}
              onCancel={totp.end}
              onFinished={() => {
                totp.end();
                toast.success('Two-factor authentication is on.');
              }}
            />
          </DialogContent>
        ) : null}
      </Dialog>

      <Dialog open={newCodes !== null} onOpenChange={(open) => (open ? undefined : setNewCodes(null))}>
        {newCodes ? (
          <DialogContent showCloseButton={false} className="max-w-xl" onInteractOutside={(event) => event.preventDefault()}>
            {dialogTitle('Save your new backup codes')}
            <BackupCodes codes={newCodes} accountEmail={me.email} onDone={() => setNewCodes(null)} />
          </DialogContent>
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={confirming === 'regenerate'}
        onClose={() => setConfirming(null)}
        title="Generate new backup codes?"
        description="Your current backup codes will stop working at once. You'll see the new ones next, once."
        confirmLabel="Generate new codes"
        onConfirm={async () => {
          const { backupCodes } = await regenerate.mutateAsync();
          regenerate.reset();
          setNewCodes(backupCodes);
          void utils.me.mfa.status.invalidate();
        }}
      />
      <ConfirmDialog
        open={confirming === 'disable'}
        onClose={() => setConfirming(null)}
        title="Remove the authenticator app?"
        description={
          (status.data?.passkeys.length ?? 0) > 0
            ? 'Signing in will no longer accept codes from your app. Your passkeys still protect your account.'
            : 'Two-factor authentication will be off: signing in will only need your password, and your backup codes will stop working.'
        }
        confirmLabel="Remove"
        onConfirm={async () => {
          await disable.mutateAsync();
          await utils.me.mfa.status.invalidate();
          toast.success('The authenticator app was removed.');
        }}
      />
    </Card>
  );
}
