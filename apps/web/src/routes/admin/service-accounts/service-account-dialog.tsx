import { createServiceAccountInput, type CreateServiceAccountInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { SubmitButton } from '../../../components/submit-button';
import { applyServerErrors } from '../../../lib/form-errors';
import { useReturnFocus } from '../../../lib/return-focus';
import { trpc } from '../../../lib/trpc';
import { TeamCheckboxes } from '../invitations/team-checkboxes';

type Props = { open: boolean; onOpenChange: (open: boolean) => void; focusFallback?: () => void };

/** A new service account: a name, a role (never owner), and the teams whose agents it uses. */
export function ServiceAccountDialog({ open, onOpenChange, focusFallback }: Props) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? <ServiceAccountForm onClose={() => onOpenChange(false)} focusFallback={focusFallback} /> : null}
    </Dialog>
  );
}

function ServiceAccountForm({ onClose, focusFallback }: { onClose: () => void; focusFallback?: (() => void) | undefined }) {
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const create = trpc.orgAdmin.serviceAccounts.create.useMutation();
  const roles = trpc.orgAdmin.roles.list.useQuery();
  const teams = trpc.orgAdmin.teams.list.useQuery();
  const [formError, setFormError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);
  const form = useForm<CreateServiceAccountInput>({
    resolver: zodResolver(createServiceAccountInput),
    defaultValues: { name: '', role: 'member', teamIds: [] },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const account = await create.mutateAsync(values);
      toast.success(`Service account ${account.name} created`);
      void utils.orgAdmin.serviceAccounts.list.invalidate();
      onClose();
      void navigate(`/admin/service-accounts/${account.id}`);
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['name', 'role', 'teamIds'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Create service account</DialogTitle>
          <DialogDescription>
            An identity for automation that belongs to the organisation: it keeps working whoever leaves. It never signs
            in; it acts through its API keys.
          </DialogDescription>
        </DialogHeader>
        <FormField label="Name" description="What it is for, e.g. deploy-pipeline." error={errors.name?.message}>
          {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={100} autoFocus />}
        </FormField>
        <FormField label="Role" error={errors.role?.message}>
          {(control) => (
            <NativeSelect {...control} {...form.register('role')}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              {roles.data
                ?.filter((r) => !r.builtIn)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
            </NativeSelect>
          )}
        </FormField>
        <Controller
          control={form.control}
          name="teamIds"
          render={({ field }) => <TeamCheckboxes teams={teams.data ?? []} value={field.value ?? []} onChange={field.onChange} />}
        />
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={isSubmitting}>
            Cancel
          </Button>
          <SubmitButton pending={isSubmitting}>Create service account</SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
