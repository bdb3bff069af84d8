import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { Spinner } from '@gatehouse/ui/spinner';
import { useState, type ReactNode } from 'react';
import { describeError } from '../lib/describe-error';
import { useReturnFocus } from '../lib/return-focus';

export type ConfirmDialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** Does the work. Resolving closes the dialog; throwing keeps it open with the error shown. */
  onConfirm: () => Promise<void>;
  /** Where focus goes on close when the button that opened the dialog has gone (a deleted row's). */
  focusFallback?: () => void;
  /** Turns a failure into the sentence shown, for reasons that need this dialog's own words. */
  describe?: (err: unknown) => string;
  /** `default` for a consequential change that takes nothing away (granting a role). */
  variant?: 'destructive' | 'default';
  /**
   * For what can't be undone: the confirm button stays disabled until one of `accept` is typed
   * (case and surrounding spaces aside), so a reflex click can't do it.
   */
  typeToConfirm?: { label: string; accept: string[] };
};

/** "Are you sure?" for a destructive or consequential action, with its pending and error states. */
export function ConfirmDialog({ open, onClose, ...props }: ConfirmDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      {/* Mounted per opening, so a previous attempt's error never lingers. */}
      {open ? <ConfirmContent onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

function ConfirmContent({
  onClose,
  title,
  description,
  confirmLabel,
  onConfirm,
  focusFallback,
  describe = describeError,
  variant = 'destructive',
  typeToConfirm,
}: Omit<ConfirmDialogProps, 'open'>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const normalise = (value: string) => value.trim().toLowerCase();
  const typedOk = !typeToConfirm || typeToConfirm.accept.some((value) => normalise(value) === normalise(typed));
  const returnFocus = useReturnFocus(focusFallback);

  const confirm = async () => {
    if (!typedOk) return;
    setError(null);
    setPending(true);
    try {
      await onConfirm();
    } catch (err) {
      setError(describe(err));
      setPending(false);
      return;
    }
    onClose();
  };

  return (
    <DialogContent
      showCloseButton={false}
      onCloseAutoFocus={returnFocus}
      onEscapeKeyDown={(event) => {
        // Closing mid-call would hide whether it worked.
        if (pending) event.preventDefault();
      }}
    >
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>

      {typeToConfirm ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <FormField label={typeToConfirm.label}>
            {(control) => (
              <Input
                {...control}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
                spellCheck={false}
                disabled={pending}
              />
            )}
          </FormField>
        </form>
      ) : null}

      {error ? <Alert variant="destructive">{error}</Alert> : null}

      <DialogFooter>
        {/* First in the footer, so it is what the dialog focuses: the safe choice is the default. */}
        <Button variant="outline" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button variant={variant} onClick={() => void confirm()} disabled={pending || !typedOk} aria-busy={pending}>
          {pending ? <Spinner /> : null}
          {confirmLabel}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
