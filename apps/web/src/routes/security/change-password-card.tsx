import { Alert } from '@gatehouse/ui/alert';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { SubmitButton } from '../../components/submit-button';
import { errorReason } from '../../lib/api-error';
import { applyServerErrors } from '../../lib/form-errors';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { changePasswordFormSchema, emptyChangePasswordForm, toInput } from './change-password-schema';

const fields = ['currentPassword', 'newPassword'] as const;

export function ChangePasswordCard() {
  const me = useMe();
  const utils = trpc.useUtils();
  const changePassword = trpc.me.changePassword.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(changePasswordFormSchema), defaultValues: emptyChangePasswordForm });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await changePassword.mutateAsync(toInput(values));
      form.reset(emptyChangePasswordForm);
      toast.success('Password changed. Other sessions were signed out.');
      void utils.me.sessions.list.invalidate();
    } catch (err) {
      // A wrong current password is a typo to fix here, not a sign-out (the session lives on).
      if (errorReason(err) === 'INVALID_CREDENTIALS') {
        form.setError('currentPassword', { type: 'server', message: 'That password is incorrect.' }, { shouldFocus: true });
        return;
      }
      setFormError(applyServerErrors(err, { setError: form.setError, fields }));
    }
  });

  return (
    <Card>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>
            You'll stay signed in here; every other browser signed in to your account is signed out.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:max-w-md">
          {/* Tells password managers whose password this is, so they update the right entry. */}
          <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
          <FormField label="Current password" error={errors.currentPassword?.message}>
            {(control) => (
              <Input {...control} {...form.register('currentPassword')} type="password" autoComplete="current-password" />
            )}
          </FormField>
          <FormField
            label="New password"
            description="At least 12 characters. Avoid passwords you use elsewhere."
            error={errors.newPassword?.message}
          >
            {(control) => (
              <Input {...control} {...form.register('newPassword')} type="password" autoComplete="new-password" />
            )}
          </FormField>
          <FormField label="Confirm new password" error={errors.confirmPassword?.message}>
            {(control) => (
              <Input {...control} {...form.register('confirmPassword')} type="password" autoComplete="new-password" />
            )}
          </FormField>
          {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pending={changePassword.isPending}>Change password</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}
