import { resetPasswordInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { z } from 'zod';
import { AuthLayout } from '../../components/auth-layout';
import { SubmitButton } from '../../components/submit-button';
import { errorReason } from '../../lib/api-error';
import { applyServerErrors } from '../../lib/form-errors';
import { forgetAccountData } from '../../lib/query-client';
import { trpc } from '../../lib/trpc';
import { SignInSecondStep } from '../two-factor/sign-in-second-step';

// The API's rules for the new password, plus typing it twice alike (checked here only).
const formSchema = resetPasswordInput
  .omit({ token: true })
  .extend({ confirmPassword: z.string().min(1, 'Type your new password again') })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: "The passwords don't match" });

const toSignIn = (
  <Link to="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
    Go to sign in
  </Link>
);

type Outcome = 'form' | 'done' | 'dead' | { mfaMethods: readonly string[] };

/** Public: where the reset mail's link lands. Choosing the password signs every browser out. */
export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const queryClient = useQueryClient();
  const reset = trpc.auth.resetPassword.useMutation();
  const [outcome, setOutcome] = useState<Outcome>('form');
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(formSchema), defaultValues: { newPassword: '', confirmPassword: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async ({ newPassword }) => {
    setFormError(null);
    try {
      const result = await reset.mutateAsync({ token, newPassword });
      // The new password waits for the second factor: a reset link alone never gets around it.
      if (result.mfaRequired) return setOutcome({ mfaMethods: result.methods });
      // Every session ended, this browser's too.
      forgetAccountData(queryClient);
      setOutcome('done');
    } catch (err) {
      if (errorReason(err) === 'INVALID_TOKEN') return setOutcome('dead');
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['newPassword'] }));
    }
  });

  if (outcome === 'dead') {
    return (
      <AuthLayout
        title="This link is invalid or has expired"
        description="Reset links work once and expire after one hour. Ask for a new one."
        footer={toSignIn}
      >
        <Button asChild className="w-full">
          <Link to="/forgot-password">Send a new reset link</Link>
        </Button>
      </AuthLayout>
    );
  }
  if (typeof outcome === 'object') {
    return (
      <SignInSecondStep
        methods={outcome.mfaMethods}
        title="Confirm it's you"
        description="Your account has two-factor authentication. Enter a code to finish changing your password."
        submitLabel="Verify and change password"
        restartLabel="Choose a different password"
        onVerified={() => {
          forgetAccountData(queryClient);
          setOutcome('done');
        }}
        onRestart={() => setOutcome('form')}
      />
    );
  }
  if (outcome === 'done') {
    return (
      <AuthLayout
        title="Your password was changed"
        description="Every browser signed in to your account was signed out. Sign in with your new password."
        footer={toSignIn}
      >
        <Button asChild className="w-full">
          <Link to="/sign-in">Sign in</Link>
        </Button>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Choose a new password"
      description="Every browser signed in to your account will be signed out."
      footer={toSignIn}
    >
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
        <FormField
          label="New password"
          description="At least 12 characters. Avoid passwords you use elsewhere."
          error={errors.newPassword?.message}
        >
          {(control) => (
            <Input {...control} {...form.register('newPassword')} type="password" autoComplete="new-password" autoFocus />
          )}
        </FormField>
        <FormField label="Confirm new password" error={errors.confirmPassword?.message}>
          {(control) => <Input {...control} {...form.register('confirmPassword')} type="password" autoComplete="new-password" />}
        </FormField>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <SubmitButton pending={reset.isPending} className="w-full">
          Set new password
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
