import { passkeyNameField } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { z } from 'zod';
import { SubmitButton } from '../../components/submit-button';
import { applyServerErrors } from '../../lib/form-errors';
import { useReturnFocus } from '../../lib/return-focus';
import { isSudoCancelled } from '../../lib/sudo-prompt';
import { trpc } from '../../lib/trpc';
import { createPasskey, describePasskeyFailure } from '../../lib/webauthn';
import { useMe } from '../../shell/me-context';
import { BackupCodes } from '../two-factor/backup-codes';

const nameForm = z.object({ name: passkeyNameField });

type AddPasskeyDialogProps = { open: boolean; onOpenChange: (open: boolean) => void; focusFallback: () => void };

export function AddPasskeyDialog({ open, onOpenChange, focusFallback }: AddPasskeyDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {/* Mounted per opening: the name starts empty and backup codes go when the dialog does. */}
      {open ? <AddPasskeyFlow onClose={() => onOpenChange(false)} focusFallback={focusFallback} /> : null}
    </Dialog>
  );
}

/** Name it, let the browser make it (after a password check if the sudo window is shut), save it. */
function AddPasskeyFlow({ onClose, focusFallback }: { onClose: () => void; focusFallback: () => void }) {
  const me = useMe();
  const utils = trpc.useUtils();
  const options = trpc.me.mfa.passkeys.registrationOptions.useMutation();
  const register = trpc.me.mfa.passkeys.register.useMutation({ gcTime: 0 });
  const returnFocus = useReturnFocus(focusFallback);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(nameForm), defaultValues: { name: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ name }) => {
    setFormError(null);
    try {
      const response = await createPasskey(await options.mutateAsync());
      const result = await register.mutateAsync({ name, response });
      register.reset();
      toast.success('Passkey added');
      void utils.me.mfa.status.invalidate();
      if (result.backupCodes) setBackupCodes(result.backupCodes);
      else onClose();
    } catch (err) {
      if (isSudoCancelled(err)) return;
      setFormError(describePasskeyFailure(err, (serverError) => applyServerErrors(serverError, { setError: form.setError, fields: ['name'] })));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      {backupCodes ? (
        <div className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Save your backup codes</DialogTitle>
            <DialogDescription>
              Your passkey is your first second factor, so here are your backup codes: each gets you in once if you lose your
              passkeys. They are shown only now.
            </DialogDescription>
          </DialogHeader>
          <BackupCodes codes={backupCodes} accountEmail={me.email} onDone={onClose} />
        </div>
      ) : (
        <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Add a passkey</DialogTitle>
            <DialogDescription>
              Your browser or phone keeps the passkey and asks for your fingerprint, face or device PIN each time you use it.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Passkey name" description="So you can tell your passkeys apart, e.g. Work laptop." error={errors.name?.message}>
            {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={64} autoFocus />}
          </FormField>
          {formError ? <Alert variant="destructive">{formError}</Alert> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <SubmitButton pending={isSubmitting}>Continue</SubmitButton>
          </DialogFooter>
        </form>
      )}
    </DialogContent>
  );
}
