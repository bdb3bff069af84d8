import { createInvitationInput, ORG_ROLES, ROLE_DESCRIPTIONS, type CreateInvitationInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { SubmitButton } from '../../../components/submit-button';
import { applyServerErrors } from '../../../lib/form-errors';
import { roleLabel } from '../../../lib/roles';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { TeamCheckboxes } from './team-checkboxes';

const fields = ['email', 'role', 'teamIds'] as const;

type InviteMemberFormProps = {
  submit: (values: CreateInvitationInput) => Promise<void>;
  pending: boolean;
  onCancel: () => void;
};

export function InviteMemberForm({ submit, pending, onCancel }: InviteMemberFormProps) {
  const me = useMe();
  // invitations:write without teams:read: no team choice, rather than a refused call.
  const canListTeams = useAccess().anywhere('teams:read');
  const teams = trpc.orgAdmin.teams.list.useQuery(undefined, { enabled: canListTeams });
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(createInvitationInput),
    defaultValues: { email: '', role: 'member', teamIds: [] },
  });
  const { errors } = form.formState;
  const role = form.watch('role');

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await submit(values);
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields, reasonFields: { EMAIL_TAKEN: 'email' } }));
    }
  });

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
      <DialogHeader>
        <DialogTitle>Invite member</DialogTitle>
        <DialogDescription>
          We email them a link to join {me.org.name}. They choose their own name and password when they accept.
        </DialogDescription>
      </DialogHeader>

      <FormField label="Email" error={errors.email?.message}>
        {(control) => <Input {...control} {...form.register('email')} type="email" autoComplete="off" autoFocus />}
      </FormField>

      <FormField label="Role" description={ROLE_DESCRIPTIONS[role]} error={errors.role?.message}>
        {(control) => (
          <NativeSelect {...control} {...form.register('role')}>
            {ORG_ROLES.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>

      {teams.data ? (
        <Controller
          control={form.control}
          name="teamIds"
          render={({ field, fieldState }) => (
            <TeamCheckboxes
              teams={teams.data}
              value={field.value ?? []}
              onChange={field.onChange}
              focusRef={field.ref}
              error={fieldState.error?.message}
            />
          )}
        />
      ) : (
        <p className="text-xs text-muted-foreground">
          {!canListTeams
            ? "Your role doesn't include the teams; an owner can add the member to teams later."
            : teams.isError
              ? "We couldn't load the teams; you can add the member to teams later."
              : 'Loading teams…'}
        </p>
      )}

      {formError ? <Alert variant="destructive">{formError}</Alert> : null}

      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <SubmitButton pending={pending}>Send invitation</SubmitButton>
      </DialogFooter>
    </form>
  );
}
