import { changeEmailInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Badge } from '@gatehouse/ui/badge';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { SubmitButton } from '../../components/submit-button';
import { errorReason } from '../../lib/api-error';
import { applyServerErrors } from '../../lib/form-errors';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';

const empty = { newEmail: '', password: '' };

/** The account's address, and changing it: nothing moves until the new address is confirmed. */
export function EmailCard() {
  const me = useMe();
  const change = trpc.me.changeEmail.useMutation();
  const [pending, setPending] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(changeEmailInput), defaultValues: empty });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { pendingEmail } = await change.mutateAsync(values);
      form.reset(empty);
      setPending(pendingEmail);
    } catch (err) {
      if (errorReason(err) === 'INVALID_CREDENTIALS') {
        form.setError('password', { type: 'server', message: 'That password is incorrect.' }, { shouldFocus: true });
        return;
      }
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['newEmail', 'password'] }));
    }
  });

  return (
    <Card>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <CardHeader>
          <CardTitle>Email address</CardTitle>
          <CardDescription>
            You sign in with <span className="font-medium text-foreground">{me.email}</span>{' '}
            {me.emailVerified ? <Badge variant="secondary">Confirmed</Badge> : <Badge variant="outline">Not confirmed</Badge>}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:max-w-md">
          {pending ? (
            <Alert variant="success" role="status">
              We sent a confirmation link to {pending}. Your address changes once you open it; until then you keep using{' '}
              {me.email}. We also told {me.email} about the change.
            </Alert>
          ) : null}
          <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
          <FormField label="New email address" error={errors.newEmail?.message}>
            {(control) => <Input {...control} {...form.register('newEmail')} type="email" autoComplete="email" />}
          </FormField>
          <FormField label="Current password" error={errors.password?.message}>
            {(control) => <Input {...control} {...form.register('password')} type="password" autoComplete="current-password" />}
          </FormField>
          {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pending={change.isPending}>Change email</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}
