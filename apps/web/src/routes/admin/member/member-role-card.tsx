import { ORG_ROLES, ROLE_DESCRIPTIONS, setRoleInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { FormField } from '@gatehouse/ui/form-field';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { RoleBadge } from '../../../components/role-badge';
import { SubmitButton } from '../../../components/submit-button';
import { errorReason } from '../../../lib/api-error';
import { roleLabel } from '../../../lib/roles';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../shell/me-context';
import type { Member } from '../types';

const schema = setRoleInput.pick({ role: true });
type RoleRef = (typeof setRoleInput)['_output']['role'];

export function MemberRoleCard({ member, canManage }: { member: Member; canManage: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Role</CardTitle>
        <CardDescription>What {member.displayName} may do in the organisation. A change applies at once.</CardDescription>
      </CardHeader>
      <CardContent>
        {canManage ? (
          <RoleForm member={member} />
        ) : (
          <p className="flex flex-wrap items-center gap-3 text-sm">
            <RoleBadge role={member.role} customRole={member.customRole} />
            <span className="text-muted-foreground">{member.customRole ? 'A custom role' : ROLE_DESCRIPTIONS[member.role]}</span>
          </p>
        )}
      </CardContent>
    </Card>
  );
}

function RoleForm({ member }: { member: Member }) {
  const me = useMe();
  const utils = trpc.useUtils();
  const setRole = trpc.orgAdmin.members.setRole.useMutation();
  const roles = trpc.orgAdmin.roles.list.useQuery();
  const custom = roles.data?.filter((r) => !r.builtIn) ?? [];
  const currentRole = member.customRole?.id ?? member.role;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { role: currentRole as typeof member.role } });
  const chosen: string = form.watch('role');
  const describe = (ref: string) =>
    (ORG_ROLES as readonly string[]).includes(ref)
      ? ROLE_DESCRIPTIONS[ref as typeof member.role]
      : (custom.find((r) => r.id === ref)?.description || 'A custom role');

  const roleName = (ref: string) =>
    (ORG_ROLES as readonly string[]).includes(ref) ? roleLabel(ref as typeof member.role) : (custom.find((r) => r.id === ref)?.name ?? 'a custom role');
  // The role waiting for confirmation: every change applies at once to every session and key.
  const [pendingRole, setPendingRole] = useState<RoleRef | null>(null);
  const onSubmit = form.handleSubmit(({ role }) => {
    setFormError(null);
    setPendingRole(role);
  });

  const apply = async (role: RoleRef) => {
    try {
      const updated = await setRole.mutateAsync({ userId: member.userId, role });
      utils.orgAdmin.members.get.setData({ userId: member.userId }, updated);
      form.reset({ role: (updated.customRole?.id ?? updated.role) as typeof member.role });
      toast.success(`${updated.displayName}'s role is now ${updated.customRole?.name ?? roleLabel(updated.role)}`);
      void utils.orgAdmin.roles.list.invalidate();
      void utils.orgAdmin.members.list.invalidate();
      // Changing your own role changes what this very app may show you.
      if (member.userId === me.id) void utils.me.get.invalidate();
    } catch (err) {
      if (errorReason(err) === 'LAST_OWNER') {
        // Nothing changed: the box shows the saved role again, not the refused one.
        form.reset({ role: currentRole as typeof member.role });
        setFormError(
          `${member.displayName} is the last owner of ${me.org.name}, and an organisation always needs one. Make someone else an owner first.`,
        );
        return;
      }
      // Shown in the dialog, which stays open.
      throw err;
    }
  };

  const self = member.userId === me.id;
  const confirmation = (role: string) => {
    const from = roleName(currentRole);
    const to = roleName(role);
    if (role === 'owner') {
      return {
        title: `Make ${member.displayName} an owner?`,
        description: `Owners can do everything in ${me.org.name}: change anyone's role (yours too), remove members and manage every setting. It applies at once.`,
        label: 'Make owner',
      };
    }
    if (self) {
      return {
        title: `Change your own role to ${to}?`,
        description: `You lose what ${from} allows at once, in this browser and every other session and key of yours. You can't undo this yourself: another owner would have to.`,
        label: `Change my role to ${to}`,
      };
    }
    return {
      title: `Change ${member.displayName}'s role to ${to}?`,
      description: `${member.displayName} goes from ${from} to ${to}. It applies at once, on their next request in every session and with every API key.`,
      label: `Change role to ${to}`,
    };
  };
  const asked = pendingRole ? confirmation(pendingRole) : null;

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
      <FormField label="Role" description={describe(chosen)} className="max-w-md">
        {(control) => (
          <div className="flex gap-2">
            <NativeSelect {...control} {...form.register('role')}>
              {ORG_ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
              {custom.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </NativeSelect>
            <SubmitButton pending={setRole.isPending} disabled={chosen === currentRole}>
              Change role
            </SubmitButton>
          </div>
        )}
      </FormField>
      {formError ? <Alert variant="destructive">{formError}</Alert> : null}
      <ConfirmDialog
        open={pendingRole !== null}
        onClose={() => setPendingRole(null)}
        title={asked?.title ?? ''}
        description={asked?.description ?? ''}
        confirmLabel={asked?.label ?? ''}
        // Losing rights (yours, or an owner's) is the destructive direction; granting is not.
        variant={pendingRole === 'owner' ? 'default' : 'destructive'}
        onConfirm={() => (pendingRole ? apply(pendingRole) : Promise.resolve())}
      />
    </form>
  );
}
