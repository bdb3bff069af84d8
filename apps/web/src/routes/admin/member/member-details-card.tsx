import { updateMemberInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { SubmitButton } from '../../../components/submit-button';
import { applyServerErrors } from '../../../lib/form-errors';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../shell/me-context';
import type { Member } from '../types';

// The API's own schema minus the id, which comes from the page's address, not the form.
const schema = updateMemberInput.omit({ userId: true });
const fields = ['displayName', 'jobTitle', 'department'] as const;

/** A text box can't hold null: an empty box is "not set", which the schema turns back into null. */
const valuesOf = (member: Member) => ({
  displayName: member.displayName,
  jobTitle: member.jobTitle ?? '',
  department: member.department ?? '',
});

/** The attributes the organisation manages; owners edit them, admins read them. */
export function MemberDetailsCard({ member, canManage }: { member: Member; canManage: boolean }) {
  const me = useMe();
  const utils = trpc.useUtils();
  const update = trpc.orgAdmin.members.update.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: valuesOf(member) });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    if (!canManage) return;
    setFormError(null);
    try {
      const updated = await update.mutateAsync({ userId: member.userId, ...values });
      utils.orgAdmin.members.get.setData({ userId: member.userId }, updated);
      form.reset(valuesOf(updated));
      toast.success('Member details saved');
      void utils.orgAdmin.members.list.invalidate();
      // Your own name is also in the header.
      if (member.userId === me.id) void utils.me.get.invalidate();
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields }));
    }
  });

  return (
    <Card>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <CardHeader>
          <CardTitle>Details</CardTitle>
          <CardDescription>
            Managed by your organisation.{' '}
            {member.userId === me.id
              ? 'You see them on your profile too.'
              : `${member.displayName} sees them on their profile, and can change only their own name.`}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormField label="Display name" error={errors.displayName?.message} className="sm:col-span-2">
            {(control) => (
              <Input {...control} {...form.register('displayName')} readOnly={!canManage} autoComplete="off" />
            )}
          </FormField>
          <FormField
            label="Job title"
            description={canManage ? 'Optional. Leave empty to clear it.' : undefined}
            error={errors.jobTitle?.message}
          >
            {(control) => <Input {...control} {...form.register('jobTitle')} readOnly={!canManage} autoComplete="off" />}
          </FormField>
          <FormField
            label="Department"
            description={canManage ? 'Optional. Leave empty to clear it.' : undefined}
            error={errors.department?.message}
          >
            {(control) => (
              <Input {...control} {...form.register('department')} readOnly={!canManage} autoComplete="off" />
            )}
          </FormField>
          {formError ? (
            <Alert variant="destructive" className="sm:col-span-2">
              {formError}
            </Alert>
          ) : null}
        </CardContent>
        {canManage ? (
          <CardFooter className="justify-end">
            <SubmitButton pending={update.isPending}>Save changes</SubmitButton>
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}
