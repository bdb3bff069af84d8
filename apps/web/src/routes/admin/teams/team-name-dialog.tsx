import { createTeamInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { SubmitButton } from '../../../components/submit-button';
import { applyServerErrors } from '../../../lib/form-errors';
import { useReturnFocus } from '../../../lib/return-focus';
import type { Team } from '../types';

export type TeamNameTarget = { mode: 'create' } | { mode: 'rename'; team: Team };

type TeamNameDialogProps = {
  target: TeamNameTarget | null;
  onClose: () => void;
  /** Creates or renames; a refusal (e.g. a name already taken) is thrown back to show in the form. */
  onSubmit: (name: string) => Promise<void>;
  focusFallback?: () => void;
};

/** One dialog for naming a team, new or existing: the same field, the same rules. */
export function TeamNameDialog({ target, onClose, ...props }: TeamNameDialogProps) {
  return (
    <Dialog open={target !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {target ? <TeamNameForm target={target} onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

function TeamNameForm({ target, onClose, onSubmit, focusFallback }: TeamNameDialogProps & { target: TeamNameTarget }) {
  const renaming = target.mode === 'rename' ? target.team : null;
  const [formError, setFormError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);
  const form = useForm({ resolver: zodResolver(createTeamInput), defaultValues: { name: renaming?.name ?? '' } });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ name }) => {
    setFormError(null);
    try {
      await onSubmit(name);
      onClose();
    } catch (err) {
      // A duplicate name comes back as a validation issue on `name`: it goes under the field.
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['name'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus}>
      <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>{renaming ? `Rename ${renaming.name}` : 'Create team'}</DialogTitle>
          <DialogDescription>
            {renaming
              ? 'Members and agents stay in the team; only its name changes.'
              : 'A team groups members with the agents they may use. Add both once it exists.'}
          </DialogDescription>
        </DialogHeader>
        <FormField label="Team name" error={errors.name?.message}>
          {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={100} autoFocus />}
        </FormField>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={isSubmitting}>
            Cancel
          </Button>
          <SubmitButton pending={isSubmitting}>{renaming ? 'Rename team' : 'Create team'}</SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
