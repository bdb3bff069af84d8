import { PERMISSION_GROUPS, createRoleInput, type CreateRoleInput, type OrgPermission } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Checkbox } from '@gatehouse/ui/checkbox';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { Label } from '@gatehouse/ui/label';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { SubmitButton } from '../../../components/submit-button';
import { applyServerErrors } from '../../../lib/form-errors';
import { useReturnFocus } from '../../../lib/return-focus';
import type { RoleView } from '../types';

export type RoleTarget = { mode: 'create' } | { mode: 'edit'; role: RoleView };

type RoleDialogProps = {
  target: RoleTarget | null;
  onClose: () => void;
  onSubmit: (values: { name: string; description: string; permissions: OrgPermission[] }) => Promise<void>;
  /** What the editor holds: permissions beyond it are shown but cannot be ticked (no escalation). */
  held: (permission: OrgPermission) => boolean;
  focusFallback?: () => void;
};

/** The roles editor: a name, what it is for, and its permissions in groups, each explained. */
export function RoleDialog({ target, onClose, ...props }: RoleDialogProps) {
  return (
    <Dialog open={target !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {target ? <RoleForm target={target} onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

function RoleForm({ target, onClose, onSubmit, held, focusFallback }: RoleDialogProps & { target: RoleTarget }) {
  const editing = target.mode === 'edit' ? target.role : null;
  const [formError, setFormError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);
  const form = useForm<CreateRoleInput>({
    resolver: zodResolver(createRoleInput),
    defaultValues: { name: editing?.name ?? '', description: editing?.description ?? '', permissions: editing?.permissions ?? [] },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit({ name: values.name, description: values.description ?? '', permissions: values.permissions });
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['name', 'description', 'permissions'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus} className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
      <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-5">
        <DialogHeader>
          <DialogTitle>{editing ? `Edit ${editing.name}` : 'Create role'}</DialogTitle>
          <DialogDescription>
            Give it org-wide from a member's page, or within one team from the team's page. A change applies to
            everyone holding it on their next request.
          </DialogDescription>
        </DialogHeader>
        <FormField label="Role name" error={errors.name?.message}>
          {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={60} autoFocus />}
        </FormField>
        <FormField label="Description" error={errors.description?.message}>
          {(control) => <Input {...control} {...form.register('description')} autoComplete="off" maxLength={300} />}
        </FormField>
        <Controller
          control={form.control}
          name="permissions"
          render={({ field }) => (
            <fieldset className="grid gap-4">
              <legend className="mb-2 text-sm font-medium">Permissions</legend>
              {PERMISSION_GROUPS.map((group) => (
                <div key={group.label} role="group" aria-label={group.label} className="grid gap-2">
                  <p className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{group.label}</p>
                  {group.permissions.map(({ permission, description }) => (
                    <PermissionCheckbox
                      key={permission}
                      permission={permission}
                      description={description}
                      disabled={!held(permission)}
                      checked={field.value.includes(permission)}
                      onChange={(checked) =>
                        field.onChange(checked ? [...field.value, permission] : field.value.filter((p) => p !== permission))
                      }
                    />
                  ))}
                </div>
              ))}
            </fieldset>
          )}
        />
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={isSubmitting}>
            Cancel
          </Button>
          <SubmitButton pending={isSubmitting}>{editing ? 'Save role' : 'Create role'}</SubmitButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}

function PermissionCheckbox(props: {
  permission: OrgPermission;
  description: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <Checkbox id={id} checked={props.checked} disabled={props.disabled} onCheckedChange={(c) => props.onChange(c === true)} aria-describedby={`${id}-d`} />
      <div className="grid gap-0.5">
        <Label htmlFor={id} className="font-mono text-sm">
          {props.permission}
        </Label>
        <span id={`${id}-d`} className="text-xs text-muted-foreground">
          {props.description}
          {props.disabled ? ' — you do not hold this permission, so you cannot give it' : ''}
        </span>
      </div>
    </div>
  );
}
