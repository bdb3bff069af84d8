import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { CopySecretField } from './copy-secret-field';

type SecretRevealProps = {
  secret: string;
  keyName: string;
  /** Extra context, e.g. how long the previous secret of a rotation keeps working. */
  note?: ReactNode;
  onDone: () => void;
};

/**
 * The one time a secret is ever shown, as the last step inside the dialog that created it. The
 * secret lives only in that dialog's state: closing the dialog unmounts it, and nothing copies it
 * into a cache, the URL or a log.
 */
export function SecretReveal({ secret, keyName, note, onDone }: SecretRevealProps) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Copy your new API key</DialogTitle>
        <DialogDescription>
          The new secret for <span className="font-medium text-foreground">{keyName}</span>. Store it somewhere
          safe, such as a password manager or your CI's secret settings.
        </DialogDescription>
      </DialogHeader>

      <CopySecretField secret={secret} />

      <Alert variant="warning">
        <TriangleAlert aria-hidden />
        <p className="font-medium">You won't be able to see this key again.</p>
      </Alert>
      {note ? <p className="text-sm text-muted-foreground">{note}</p> : null}

      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

/** DialogContent props for a dialog that ends by revealing a secret. */
export function secretDialogProps({ pending, revealing }: { pending: boolean; revealing: boolean }) {
  return {
    // Wide enough to show a whole key, so people can see what they copy.
    className: revealing ? 'max-w-xl' : 'max-w-lg',
    // While the call runs (perhaps waiting on the password prompt), closing would lose the secret.
    onEscapeKeyDown: (event: Event) => {
      if (pending) event.preventDefault();
    },
    // A stray click beside the dialog must not throw away a secret that can't be shown again.
    onInteractOutside: (event: Event) => {
      if (pending || revealing) event.preventDefault();
    },
  };
}
