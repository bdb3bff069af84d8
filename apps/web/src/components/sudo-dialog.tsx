import { sudoPasswordInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { Spinner } from '@gatehouse/ui/spinner';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { errorReason, isSignedOutError } from '../lib/api-error';
import { applyServerErrors } from '../lib/form-errors';
import type { SudoPrompt } from '../lib/sudo-prompt';
import { trpc } from '../lib/trpc';
import { SudoPasskey } from '../routes/passkeys/sudo-passkey';
import { SudoCodeForm } from '../routes/two-factor/sudo-code-form';

/** Opened by sudoLink whenever the server wants a fresh password before a sensitive change. */
export function SudoDialog({ prompt }: { prompt: SudoPrompt }) {
  const open = useSyncExternalStore(prompt.subscribe, prompt.isOpen);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // Escape, a click outside and Cancel all mean the same: don't make the change.
        if (!next) prompt.cancel();
      }}
    >
      {/* Mounted per opening, so a previous attempt's password and error never linger. */}
      {open ? <SudoMethods prompt={prompt} /> : null}
    </Dialog>
  );
}

/** The password by default; a code from the authenticator app when the account has one. */
function SudoMethods({ prompt }: { prompt: SudoPrompt }) {
  const mfa = trpc.me.mfa.status.useQuery(undefined, { staleTime: 0 });
  const [method, setMethod] = useState<'password' | 'code'>('password');
  const switchTo = (next: 'password' | 'code', label: string) => (
    <Button variant="link" className="h-auto justify-self-start p-0" onClick={() => setMethod(next)}>
      {label}
    </Button>
  );
  if (method === 'code') {
    return <SudoCodeForm prompt={prompt} switchMethod={switchTo('password', 'Use your password instead')} />;
  }
  return (
    <SudoForm
      prompt={prompt}
      switchMethod={mfa.data?.totp ? switchTo('code', 'Use your authenticator app instead') : null}
    />
  );
}

function SudoForm({ prompt, switchMethod }: { prompt: SudoPrompt; switchMethod: ReactNode }) {
  const utils = trpc.useUtils();
  const enterSudo = trpc.me.sudo.enter.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(sudoPasswordInput), defaultValues: { password: '' } });
  const passwordError = form.formState.errors.password?.message;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await enterSudo.mutateAsync(values);
      void utils.me.sudo.status.invalidate();
      prompt.confirm();
    } catch (err) {
      if (errorReason(err) === 'INVALID_CREDENTIALS') {
        form.setError('password', { type: 'server', message: 'That password is incorrect.' }, { shouldFocus: true });
        return;
      }
      if (isSignedOutError(err)) {
        // The session itself is gone: the shell is about to send the user to sign in.
        prompt.cancel();
        return;
      }
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['password'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Confirm your password</DialogTitle>
          <DialogDescription>For your security, confirm your password (or use a passkey) to continue.</DialogDescription>
        </DialogHeader>

        <FormField label="Password" error={passwordError}>
          {(control) => (
            <Input
              {...control}
              {...form.register('password')}
              type="password"
              autoComplete="current-password"
              autoFocus
            />
          )}
        </FormField>
        {switchMethod}

        {formError ? <Alert variant="destructive">{formError}</Alert> : null}

        <SudoPasskey onConfirmed={() => prompt.confirm()} onSignedOut={() => prompt.cancel()} />

        <DialogFooter>
          <Button variant="outline" onClick={() => prompt.cancel()}>
            Cancel
          </Button>
          <Button type="submit" disabled={enterSudo.isPending} aria-busy={enterSudo.isPending}>
            {enterSudo.isPending ? <Spinner /> : null}
            Confirm
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
