import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { Spinner } from '@gatehouse/ui/spinner';
import { useState } from 'react';
import { toast } from 'sonner';
import { errorData } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { useReturnFocus } from '../../lib/return-focus';
import { trpc, type ApiKey } from '../../lib/trpc';

type DeleteKeyDialogProps = {
  apiKey: ApiKey | null;
  onClose: () => void;
  /** Where focus goes once the key is gone, since the button that opened the dialog went with it. */
  focusFallback: () => void;
};

export function DeleteKeyDialog({ apiKey, onClose, focusFallback }: DeleteKeyDialogProps) {
  return (
    <Dialog open={apiKey !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {apiKey ? <DeleteKeyConfirm apiKey={apiKey} onClose={onClose} focusFallback={focusFallback} /> : null}
    </Dialog>
  );
}

function DeleteKeyConfirm({ apiKey, onClose, focusFallback }: { apiKey: ApiKey } & Omit<DeleteKeyDialogProps, 'apiKey'>) {
  const utils = trpc.useUtils();
  const remove = trpc.me.apiKeys.delete.useMutation();
  const [error, setError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);

  const confirm = async () => {
    setError(null);
    try {
      await remove.mutateAsync({ keyId: apiKey.id });
      toast.success('API key deleted');
    } catch (err) {
      // Already gone (deleted in another tab, or by an owner) is the outcome the user asked for.
      if (errorData(err)?.code !== 'NOT_FOUND') {
        setError(describeError(err));
        return;
      }
    }
    // The list is fresh before the dialog closes, so focus never returns to the deleted row.
    await utils.me.apiKeys.list.invalidate();
    onClose();
  };

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <DialogHeader>
        <DialogTitle>Delete {apiKey.name}?</DialogTitle>
        <DialogDescription>
          Any automation using this key, such as scripts or CI jobs, will stop working immediately. This can't be
          undone.
        </DialogDescription>
      </DialogHeader>

      {error ? <Alert variant="destructive">{error}</Alert> : null}

      <DialogFooter>
        {/* First in the footer, so it is what the dialog focuses: the safe choice is the default. */}
        <Button variant="outline" onClick={onClose} disabled={remove.isPending}>
          Cancel
        </Button>
        <Button
          variant="destructive"
          onClick={() => void confirm()}
          disabled={remove.isPending}
          aria-busy={remove.isPending}
        >
          {remove.isPending ? <Spinner /> : null}
          Delete key
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
