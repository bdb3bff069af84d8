import { createAgentInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { SubmitButton } from '../../../components/submit-button';
import { applyServerErrors } from '../../../lib/form-errors';
import { useReturnFocus } from '../../../lib/return-focus';
import { trpc } from '../../../lib/trpc';
import type { Team } from '../types';

const schema = createAgentInput.pick({ name: true });

type NewAgentDialogProps = { team: Team; open: boolean; onClose: () => void; focusFallback: () => void };

export function NewAgentDialog({ open, onClose, ...props }: NewAgentDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      {open ? <NewAgentForm onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

function NewAgentForm({ team, onClose, focusFallback }: Omit<NewAgentDialogProps, 'open'>) {
  const utils = trpc.useUtils();
  const create = trpc.orgAdmin.agents.create.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { name: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async ({ name }) => {
    setFormError(null);
    try {
      const agent = await create.mutateAsync({ teamId: team.id, name });
      await Promise.all([utils.agents.list.invalidate(), utils.orgAdmin.teams.list.invalidate()]);
      toast.success(`Agent ${agent.name} created`);
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['name'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>New agent</DialogTitle>
          <DialogDescription>
            The agent belongs to {team.name}: its members can use it, and nobody else (apart from owners).
          </DialogDescription>
        </DialogHeader>
        <FormField label="Agent name" error={errors.name?.message}>
          {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={100} autoFocus />}
        </FormField>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <SubmitButton pending={create.isPending}>Create agent</SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
