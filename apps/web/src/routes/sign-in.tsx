import { signInInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate } from 'react-router';
import { AuthLayout } from '../components/auth-layout';
import { SubmitButton } from '../components/submit-button';
import { applyServerErrors } from '../lib/form-errors';
import { forgetAccountData } from '../lib/query-client';
import { returnPath } from '../lib/redirect';
import { trpc } from '../lib/trpc';
import { PasskeySecondStep } from './passkeys/passkey-second-step';
import { PasskeySignIn } from './passkeys/passkey-sign-in';
import { SignInSecondStep } from './two-factor/sign-in-second-step';

export function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const signIn = trpc.auth.signIn.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  // The password was right and a second factor is due: what the account can use for it.
  const [secondStep, setSecondStep] = useState<readonly string[] | null>(null);
  const form = useForm({
    resolver: zodResolver(signInInput),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;

  const enter = async () => {
    forgetAccountData(queryClient);
    await navigate(returnPath(location.state), { replace: true });
  };

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const result = await signIn.mutateAsync(values);
      if (result.mfaRequired) return setSecondStep(result.methods);
      await enter();
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['email', 'password'] }));
    }
  });

  if (secondStep) {
    return (
      <SignInSecondStep
        methods={secondStep}
        onVerified={enter}
        onRestart={() => {
          form.resetField('password');
          setSecondStep(null);
        }}
      >
        {secondStep.includes('passkey') ? <PasskeySecondStep onVerified={enter} /> : null}
      </SignInSecondStep>
    );
  }

  return (
    <AuthLayout
      title="Sign in to Gatehouse"
      description="Welcome back. Enter your email and password."
      footer={
        <>
          New to Gatehouse?{' '}
          <Link to="/sign-up" className="font-medium text-primary underline-offset-4 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
        <FormField label="Email" error={errors.email?.message}>
          {(control) => (
            <Input {...control} {...form.register('email')} type="email" autoComplete="username" autoFocus />
          )}
        </FormField>
        <FormField label="Password" error={errors.password?.message}>
          {(control) => (
            <Input {...control} {...form.register('password')} type="password" autoComplete="current-password" />
          )}
        </FormField>
        <Link
          to="/forgot-password"
          className="-mt-2 justify-self-end text-sm font-medium text-primary underline-offset-4 hover:underline"
        >
          Forgot password?
        </Link>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <SubmitButton pending={signIn.isPending} className="w-full">
          Sign in
        </SubmitButton>
      </form>
      <PasskeySignIn />
    </AuthLayout>
  );
}
