import { deleteAccountInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { SubmitButton } from '../../components/submit-button';
import { errorReason } from '../../lib/api-error';
import { applyServerErrors } from '../../lib/form-errors';
import { useReturnFocus } from '../../lib/return-focus';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import type { GoodbyeState } from '../goodbye';

type DeleteAccountDialogProps = { open: boolean; onClose: () => void };

export function DeleteAccountDialog({ open, onClose }: DeleteAccountDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      {/* Mounted per opening, so a typed password never lingers after Cancel. */}
      {open ? <DeleteAccountForm onClose={onClose} /> : null}
    </Dialog>
  );
}

function DeleteAccountForm({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const deleteAccount = trpc.me.deleteAccount.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const returnFocus = useReturnFocus();
  const form = useForm({ resolver: zodResolver(deleteAccountInput), defaultValues: { password: '' } });
  const passwordError = form.formState.errors.password?.message;
  const typed = form.watch('password') !== '';

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { organizationDeleted } = await deleteAccount.mutateAsync(values);
      // The goodbye page clears the cache: nothing of this account may stay in the browser.
      const state: GoodbyeState = { organizationDeleted };
      await navigate('/goodbye', { replace: true, state });
    } catch (err) {
      const reason = errorReason(err);
      if (reason === 'INVALID_CREDENTIALS') {
        form.setError('password', { type: 'server', message: 'That password is incorrect.' }, { shouldFocus: true });
      } else if (reason === 'SOLE_OWNER') {
        setFormError(
          `You are the only owner of ${me.org.name}. Make another member an owner first, then delete your account.`,
        );
      } else {
        setFormError(applyServerErrors(err, { setError: form.setError, fields: ['password'] }));
      }
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Delete your account?</DialogTitle>
          <DialogDescription>
            This erases the account <span className="font-medium text-foreground">{me.email}</span> and your personal
            data, and signs you out everywhere. Enter your password to confirm.
          </DialogDescription>
        </DialogHeader>

        <FormField label="Password" error={passwordError}>
          {(control) => (
            <Input {...control} {...form.register('password')} type="password" autoComplete="current-password" autoFocus />
          )}
        </FormField>

        {formError ? <Alert variant="destructive">{formError}</Alert> : null}

        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={deleteAccount.isPending}>
            Cancel
          </Button>
          <SubmitButton variant="destructive" pending={deleteAccount.isPending} disabled={!typed}>
            Delete my account
          </SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
