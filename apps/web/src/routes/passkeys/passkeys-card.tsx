import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { Plus } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadError } from '../../components/load-error';
import { dateFormatFor } from '../../lib/date-format';
import { trpc } from '../../lib/trpc';
import { supportsPasskeys } from '../../lib/webauthn';
import { useMe } from '../../shell/me-context';
import { AddPasskeyDialog } from './add-passkey-dialog';
import { PasskeyItem, type PasskeySummary } from './passkey-item';
import { RenamePasskeyDialog } from './rename-passkey-dialog';

/** The security page's passkeys: add, rename, remove, and when each was last used. */
export function PasskeysCard() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const utils = trpc.useUtils();
  const status = trpc.me.mfa.status.useQuery();
  const remove = trpc.me.mfa.passkeys.delete.useMutation();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<PasskeySummary | null>(null);
  const [removing, setRemoving] = useState<PasskeySummary | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => headingRef.current?.focus();
  const passkeys = status.data?.passkeys;

  const renderList = () => {
    if (passkeys) {
      if (passkeys.length === 0) {
        return <p className="border-t px-6 py-5 text-sm text-muted-foreground">No passkeys yet.</p>;
      }
      return (
        <ul aria-label="Your passkeys" className="divide-y border-t">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} dates={dates} locale={me.locale} onRename={setRenaming} onRemove={setRemoving} />
          ))}
        </ul>
      );
    }
    if (status.isError) {
      return <LoadError title="We couldn't load your passkeys" error={status.error} onRetry={() => void status.refetch()} className="border-t px-6 py-5" />;
    }
    return (
      <div className="grid gap-3 border-t px-6 py-5" aria-busy="true" aria-label="Loading passkeys">
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-4 w-64" />
      </div>
    );
  };

  return (
    <Card>
      <CardHeader className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
            Passkeys
          </CardTitle>
          <CardDescription>
            Sign in without a password, and confirm sensitive changes, with your fingerprint, face or device PIN.
          </CardDescription>
        </div>
        {supportsPasskeys() ? (
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden />
            Add a passkey
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">This browser cannot use passkeys.</p>
        )}
      </CardHeader>
      {renderList()}
      <AddPasskeyDialog open={adding} onOpenChange={setAdding} focusFallback={focusHeading} />
      <RenamePasskeyDialog passkey={renaming} onClose={() => setRenaming(null)} />
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove passkey?"
        description={
          <>
            <strong>{removing?.name}</strong> will no longer sign you in or confirm changes. You can add it again later.
          </>
        }
        confirmLabel="Remove passkey"
        focusFallback={focusHeading}
        onConfirm={async () => {
          await remove.mutateAsync({ passkeyId: removing!.id });
          toast.success('Passkey removed');
          await utils.me.mfa.status.invalidate();
        }}
      />
    </Card>
  );
}
