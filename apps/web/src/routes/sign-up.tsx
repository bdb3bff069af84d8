import { signUpInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { AuthLayout } from '../components/auth-layout';
import { SubmitButton } from '../components/submit-button';
import { applyServerErrors } from '../lib/form-errors';
import { forgetAccountData } from '../lib/query-client';
import { HOME_PATH } from '../lib/redirect';
import { trpc } from '../lib/trpc';

const fields = ['email', 'password', 'displayName', 'orgName'] as const;

export function SignUpPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signUp = trpc.auth.signUp.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(signUpInput),
    defaultValues: { email: '', password: '', displayName: '', orgName: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await signUp.mutateAsync(values);
      forgetAccountData(queryClient);
      await navigate(HOME_PATH, { replace: true });
    } catch (err) {
      setFormError(
        applyServerErrors(err, {
          setError: form.setError,
          fields,
          reasonFields: { EMAIL_TAKEN: 'email' },
        }),
      );
    }
  });

  return (
    <AuthLayout
      title="Create your account"
      description="Set up Gatehouse for your organisation. You'll be its owner."
      footer={
        <>
          Already have an account?{' '}
          <Link to="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
        <FormField label="Email" error={errors.email?.message}>
          {(control) => (
            <Input {...control} {...form.register('email')} type="email" autoComplete="email" autoFocus />
          )}
        </FormField>
        <FormField
          label="Password"
          description="At least 12 characters. Avoid passwords you use elsewhere."
          error={errors.password?.message}
        >
          {(control) => (
            <Input {...control} {...form.register('password')} type="password" autoComplete="new-password" />
          )}
        </FormField>
        <FormField label="Your name" error={errors.displayName?.message}>
          {(control) => <Input {...control} {...form.register('displayName')} autoComplete="name" />}
        </FormField>
        <FormField label="Organisation name" error={errors.orgName?.message}>
          {(control) => <Input {...control} {...form.register('orgName')} autoComplete="organization" />}
        </FormField>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <SubmitButton pending={signUp.isPending} className="w-full">
          Create account
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
