import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { SubmitButton } from '../../components/submit-button';
import { isSignedOutError } from '../../lib/api-error';
import type { SudoPrompt } from '../../lib/sudo-prompt';
import { trpc } from '../../lib/trpc';
import { AuthenticatorCodeInput } from './code-input';
import { totpConfirmInput } from '@gatehouse/api/schemas';
import { describeCodeError, WRONG_AUTHENTICATOR_CODE } from './mfa-errors';

/** The sudo dialog's other way in: a code from the authenticator app instead of the password. */
export function SudoCodeForm({ prompt, switchMethod }: { prompt: SudoPrompt; switchMethod: ReactNode }) {
  const utils = trpc.useUtils();
  const enterSudo = trpc.me.sudo.enter.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(totpConfirmInput), defaultValues: { code: '' } });

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setFormError(null);
    try {
      await enterSudo.mutateAsync({ code });
      void utils.me.sudo.status.invalidate();
      prompt.confirm();
    } catch (err) {
      if (isSignedOutError(err)) {
        // The session itself is gone: the shell is about to send the user to sign in.
        prompt.cancel();
        return;
      }
      const { field, alert } = describeCodeError(err, WRONG_AUTHENTICATOR_CODE);
      if (field) form.setError('code', { type: 'server', message: field }, { shouldFocus: true });
      setFormError(alert);
    }
  });

  return (
    <DialogContent showCloseButton={false}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Confirm it's you</DialogTitle>
          <DialogDescription>For your security, enter the code from your authenticator app to continue.</DialogDescription>
        </DialogHeader>

        <FormField label="Authentication code" error={form.formState.errors.code?.message}>
          {(control) => <AuthenticatorCodeInput {...control} {...form.register('code')} autoFocus />}
        </FormField>
        {switchMethod}

        {formError ? <Alert variant="destructive">{formError}</Alert> : null}

        <DialogFooter>
          <Button variant="outline" onClick={() => prompt.cancel()}>
            Cancel
          </Button>
          <SubmitButton pending={enterSudo.isPending}>Confirm</SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
