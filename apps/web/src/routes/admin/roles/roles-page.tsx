import type { OrgPermission } from '@gatehouse/api/schemas';
import { Badge } from '@gatehouse/ui/badge';
import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { AdminPageHeader } from '../admin-page-header';
import { TableSkeleton } from '../table-skeleton';
import type { RoleView } from '../types';
import { RoleDialog, type RoleTarget } from './role-dialog';

export function RolesPage() {
  const access = useAccess();
  const canManage = access.orgWide('roles:assign');
  const utils = trpc.useUtils();
  const roles = trpc.orgAdmin.roles.list.useQuery();
  const create = trpc.orgAdmin.roles.create.useMutation();
  const update = trpc.orgAdmin.roles.update.useMutation();
  const remove = trpc.orgAdmin.roles.delete.useMutation();
  const [editing, setEditing] = useState<RoleTarget | null>(null);
  const [deleting, setDeleting] = useState<RoleView | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refresh = () => Promise.all([utils.orgAdmin.roles.list.invalidate(), utils.me.access.invalidate()]);

  const save = async (values: { name: string; description: string; permissions: OrgPermission[] }) => {
    if (editing?.mode === 'edit') {
      await update.mutateAsync({ roleId: editing.role.id, ...values });
      toast.success(`Role ${values.name} saved`);
    } else {
      await create.mutateAsync(values);
      toast.success(`Role ${values.name} created`);
    }
    await refresh();
  };

  const render = () => {
    if (roles.data) {
      return (
        <Table aria-label="Roles">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead scope="col">Role</TableHead>
              <TableHead scope="col">Permissions</TableHead>
              <TableHead scope="col">Held by</TableHead>
              {canManage ? <TableHead scope="col"><span className="sr-only">Actions</span></TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {roles.data.map((role) => (
              <TableRow key={role.id}>
                <TableCell className="max-w-72">
                  <span className="flex items-center gap-2 font-medium">
                    {role.builtIn ? role.name[0]!.toUpperCase() + role.name.slice(1) : role.name}
                    {role.builtIn ? <Badge variant="outline">Built-in</Badge> : null}
                  </span>
                  <span className="block text-xs text-muted-foreground">{role.description}</span>
                </TableCell>
                <TableCell>
                  {role.permissions.length === 0 ? (
                    <span className="text-muted-foreground">Self-service only</span>
                  ) : (
                    <span className="flex flex-wrap gap-1" aria-label={`Permissions of ${role.name}`}>
                      {role.permissions.map((p) => (
                        <Badge key={p} variant="secondary" className="font-mono">
                          {p}
                        </Badge>
                      ))}
                    </span>
                  )}
                </TableCell>
                <TableCell className="text-muted-foreground">
                  {role.memberCount} {role.memberCount === 1 ? 'member' : 'members'}
                  {role.teamAssignmentCount ? `, ${role.teamAssignmentCount} in teams` : ''}
                </TableCell>
                {canManage ? (
                  <TableCell className="text-right whitespace-nowrap">
                    {role.builtIn ? null : (
                      <>
                        <Button variant="ghost" size="sm" onClick={() => setEditing({ mode: 'edit', role })} aria-label={`Edit ${role.name}`}>
                          Edit
                        </Button>
                        <Button variant="ghost" size="sm" onClick={() => setDeleting(role)} aria-label={`Delete ${role.name}`}>
                          Delete
                        </Button>
                      </>
                    )}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      );
    }
    if (roles.isError) return <LoadError title="We couldn't load the roles" error={roles.error} onRetry={() => void roles.refetch()} className="p-6" />;
    return <TableSkeleton label="Loading roles" rows={3} />;
  };

  return (
    <div className="grid gap-6">
      <title>{`Roles · Gatehouse`}</title>
      <AdminPageHeader
        title="Roles"
        headingRef={headingRef}
        description="What each role may do. Owner, admin and member are fixed; build your own from fine-grained permissions, and give them org-wide or within one team."
        action={
          canManage ? (
            <Button onClick={() => setEditing({ mode: 'create' })}>
              <Plus aria-hidden />
              Create role
            </Button>
          ) : undefined
        }
        canManage={access.loaded ? canManage : undefined}
      />
      <Card className="overflow-hidden">{render()}</Card>
      <RoleDialog
        target={editing}
        onClose={() => setEditing(null)}
        onSubmit={save}
        held={(p) => access.orgWide(p)}
        focusFallback={() => headingRef.current?.focus()}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'role'}?`}
        description={
          deleting
            ? `${deleting.memberCount} ${deleting.memberCount === 1 ? 'member falls' : 'members fall'} back to the member role, and ${deleting.teamAssignmentCount} team assignments end. This can't be undone.`
            : ''
        }
        confirmLabel="Delete role"
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync({ roleId: deleting.id });
          toast.success(`Role ${deleting.name} deleted`);
          await refresh();
        }}
        focusFallback={() => headingRef.current?.focus()}
      />
    </div>
  );
}
