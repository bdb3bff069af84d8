import { acceptInvitationInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { SubmitButton } from '../../components/submit-button';
import { errorData, errorReason } from '../../lib/api-error';
import { applyServerErrors } from '../../lib/form-errors';
import { forgetAccountData } from '../../lib/query-client';
import { HOME_PATH } from '../../lib/redirect';
import { trpc, type RouterOutputs } from '../../lib/trpc';

// The API's own rules for the name and the password; the token comes from the link, not the form.
const schema = acceptInvitationInput.pick({ displayName: true, password: true });
const fields = ['displayName', 'password'] as const;

type AcceptInvitationFormProps = {
  token: string;
  invitation: RouterOutputs['auth']['invitation'];
  /** The link stopped working between showing the form and submitting it. */
  onDead: () => void;
};

export function AcceptInvitationForm({ token, invitation, onDead }: AcceptInvitationFormProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = trpc.auth.acceptInvitation.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { displayName: '', password: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await accept.mutateAsync({ token, ...values });
      // Signed in as the new account now: nothing cached for whoever used this browser before may stay.
      forgetAccountData(queryClient);
      await navigate(HOME_PATH, { replace: true });
    } catch (err) {
      if (errorData(err)?.code === 'NOT_FOUND') return onDead();
      if (errorReason(err) === 'EMAIL_TAKEN') {
        setFormError(`An account with ${invitation.email} already exists. Sign in with it instead.`);
        return;
      }
      setFormError(applyServerErrors(err, { setError: form.setError, fields }));
    }
  });

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
      <FormField label="Email" description="The address you were invited at; you'll sign in with it.">
        {(control) => <Input {...control} value={invitation.email} readOnly autoComplete="username" />}
      </FormField>
      <FormField label="Your name" error={errors.displayName?.message}>
        {(control) => <Input {...control} {...form.register('displayName')} autoComplete="name" autoFocus />}
      </FormField>
      <FormField
        label="Password"
        description="At least 12 characters. Avoid passwords you use elsewhere."
        error={errors.password?.message}
      >
        {(control) => <Input {...control} {...form.register('password')} type="password" autoComplete="new-password" />}
      </FormField>
      {formError ? <Alert variant="destructive">{formError}</Alert> : null}
      <SubmitButton pending={accept.isPending} className="w-full">
        Accept invitation
      </SubmitButton>
    </form>
  );
}
