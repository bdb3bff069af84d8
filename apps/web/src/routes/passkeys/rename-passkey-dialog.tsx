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
import { trpc } from '../../lib/trpc';
import type { PasskeySummary } from './passkey-item';

const nameForm = z.object({ name: passkeyNameField });

type RenamePasskeyDialogProps = { passkey: PasskeySummary | null; onClose: () => void };

export function RenamePasskeyDialog({ passkey, onClose }: RenamePasskeyDialogProps) {
  return (
    <Dialog open={passkey !== null} onOpenChange={(next) => (next ? undefined : onClose())}>
      {passkey ? <RenameForm passkey={passkey} onClose={onClose} /> : null}
    </Dialog>
  );
}

function RenameForm({ passkey, onClose }: { passkey: PasskeySummary; onClose: () => void }) {
  const utils = trpc.useUtils();
  const rename = trpc.me.mfa.passkeys.rename.useMutation();
  const returnFocus = useReturnFocus();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(nameForm), defaultValues: { name: passkey.name } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ name }) => {
    setFormError(null);
    try {
      await rename.mutateAsync({ passkeyId: passkey.id, name });
      toast.success('Passkey renamed');
      void utils.me.mfa.status.invalidate();
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['name'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Rename passkey</DialogTitle>
          <DialogDescription>Only the name changes; the passkey works as before.</DialogDescription>
        </DialogHeader>
        <FormField label="Passkey name" error={errors.name?.message}>
          {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={64} autoFocus />}
        </FormField>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <SubmitButton pending={isSubmitting}>Save</SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
