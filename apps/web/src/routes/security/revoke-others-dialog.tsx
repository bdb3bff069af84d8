import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { Spinner } from '@gatehouse/ui/spinner';
import { useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../../lib/describe-error';
import { useReturnFocus } from '../../lib/return-focus';
import { trpc } from '../../lib/trpc';

type RevokeOthersDialogProps = {
  open: boolean;
  onClose: () => void;
  otherCount: number;
  /** Where focus goes on close once the button that opened the dialog is gone (no others left). */
  focusFallback: () => void;
};

export function RevokeOthersDialog({ open, onClose, ...props }: RevokeOthersDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      {open ? <RevokeOthersConfirm onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

function RevokeOthersConfirm({ onClose, otherCount, focusFallback }: Omit<RevokeOthersDialogProps, 'open'>) {
  const utils = trpc.useUtils();
  const revokeOthers = trpc.me.sessions.revokeOthers.useMutation();
  const [error, setError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);

  const confirm = async () => {
    setError(null);
    try {
      const { revoked } = await revokeOthers.mutateAsync();
      toast.success(revoked === 1 ? 'Signed out 1 other session' : `Signed out ${revoked} other sessions`);
    } catch (err) {
      setError(describeError(err));
      return;
    }
    // Fresh before the dialog closes, so focus never returns to a button that is about to go.
    await utils.me.sessions.list.invalidate();
    onClose();
  };

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <DialogHeader>
        <DialogTitle>Sign out all other sessions?</DialogTitle>
        <DialogDescription>
          {otherCount === 1 ? 'The other browser' : `The ${otherCount} other browsers`} signed in to your account will
          be signed out at once. You stay signed in on this device.
        </DialogDescription>
      </DialogHeader>

      {error ? <Alert variant="destructive">{error}</Alert> : null}

      <DialogFooter>
        {/* First in the footer, so it is what the dialog focuses: the safe choice is the default. */}
        <Button variant="outline" onClick={onClose} disabled={revokeOthers.isPending}>
          Cancel
        </Button>
        <Button
          variant="destructive"
          onClick={() => void confirm()}
          disabled={revokeOthers.isPending}
          aria-busy={revokeOthers.isPending}
        >
          {revokeOthers.isPending ? <Spinner /> : null}
          Sign out other sessions
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
