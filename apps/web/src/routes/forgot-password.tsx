import { requestPasswordResetInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { AuthLayout } from '../components/auth-layout';
import { SubmitButton } from '../components/submit-button';
import { applyServerErrors } from '../lib/form-errors';
import { trpc } from '../lib/trpc';

const backToSignIn = (
  <>
    Remembered it?{' '}
    <Link to="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
      Sign in
    </Link>
  </>
);

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const request = trpc.auth.requestPasswordReset.useMutation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(requestPasswordResetInput), defaultValues: { email: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await request.mutateAsync(values);
      setSentTo(values.email);
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['email'] }));
    }
  });

  if (sentTo) {
    return (
      <AuthLayout title="Check your email" description="The link works once, for one hour." footer={backToSignIn}>
        <Alert variant="success" role="status">
          If an account uses {sentTo}, we sent it a link to choose a new password. Nothing there? Check your spam folder,
          or make sure it is the address you signed up with.
        </Alert>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Reset your password"
      description="Enter the email address of your account, and we'll mail you a link to choose a new password."
      footer={backToSignIn}
    >
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
        <FormField label="Email" error={errors.email?.message}>
          {(control) => <Input {...control} {...form.register('email')} type="email" autoComplete="username" autoFocus />}
        </FormField>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <SubmitButton pending={request.isPending} className="w-full">
          Send reset link
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
