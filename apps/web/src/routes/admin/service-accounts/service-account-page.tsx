import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { KeyRound } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { RoleBadge } from '../../../components/role-badge';
import { ScopeList } from '../../../components/scope-list';
import { errorData } from '../../../lib/api-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { CreateKeyDialog } from '../../api-keys/create-key-dialog';
import { AdminNotFound } from '../admin-not-found';
import { AdminPageHeader } from '../admin-page-header';

const back = { to: '/admin/members?tab=service-accounts', label: 'Service accounts' };

export function ServiceAccountPage() {
  const { serviceAccountId = '' } = useParams();
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const navigate = useNavigate();
  const access = useAccess();
  const canManage = access.orgWide('service-accounts:write');
  const utils = trpc.useUtils();
  const account = trpc.orgAdmin.serviceAccounts.get.useQuery({ serviceAccountId });
  const mint = trpc.orgAdmin.serviceAccounts.keys.create.useMutation({ gcTime: 0 });
  const removeKey = trpc.orgAdmin.serviceAccounts.keys.delete.useMutation();
  const remove = trpc.orgAdmin.serviceAccounts.delete.useMutation();
  const [creatingKey, setCreatingKey] = useState(false);
  const [deletingKey, setDeletingKey] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refresh = () => utils.orgAdmin.serviceAccounts.invalidate();

  if (!account.data) {
    if (account.isError && errorData(account.error)?.code === 'NOT_FOUND') {
      return <AdminNotFound what="service account" back={{ to: back.to, label: 'Back to service accounts' }} />;
    }
    if (account.isError) {
      return <LoadError title="We couldn't load this service account" error={account.error} onRetry={() => void account.refetch()} />;
    }
    return (
      <div role="status" aria-label="Loading service account" aria-busy className="grid gap-6">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-48 w-full rounded-xl" />
      </div>
    );
  }
  const data = account.data;
  // What this account's role lets a key carry: never more than the account may do.
  const allowed = me.permissions.filter((s) => data.role === 'admin' || data.customRole || !s.startsWith('org:'));

  return (
    <div className="grid gap-6">
      <title>{`${data.name} · Service accounts · Gatehouse`}</title>
      <AdminPageHeader
        back={back}
        headingRef={headingRef}
        title={data.name}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <span>Service account</span>
            <RoleBadge role={data.role} customRole={data.customRole ?? undefined} />
            <span>{data.teams.length ? `Teams: ${data.teams.map((t) => t.name).join(', ')}` : 'No teams'}</span>
          </span>
        }
        action={canManage ? <Button variant="destructive" onClick={() => setDeleting(true)}>Delete service account</Button> : undefined}
        canManage={access.loaded ? canManage : undefined}
      />
      <Card>
        <CardHeader className="flex flex-row items-start justify-between gap-4">
          <div className="grid gap-1.5">
            <CardTitle>API keys</CardTitle>
            <CardDescription>Keys act as {data.name}, within its role and the scopes you pick. Creating one asks for your password.</CardDescription>
          </div>
          {canManage ? (
            <Button onClick={() => setCreatingKey(true)}>
              <KeyRound aria-hidden />
              Create key
            </Button>
          ) : null}
        </CardHeader>
        <CardContent>
          {data.keys.length === 0 ? (
            <p className="text-sm text-muted-foreground">{data.name} has no API keys.</p>
          ) : (
            <ul aria-label={`API keys of ${data.name}`} className="divide-y">
              {data.keys.map((key) => (
                <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="grid gap-1">
                    <h3 className="text-sm font-medium">{key.name}</h3>
                    <span className="font-mono text-xs text-muted-foreground">{key.prefix}…</span>
                    <ScopeList keyName={key.name} scopes={key.scopes} />
                    <span className="text-xs text-muted-foreground">Expires {dates.date(key.expiresAt)}</span>
                  </div>
                  {canManage ? (
                    <Button variant="outline" size="sm" onClick={() => setDeletingKey(key)} aria-label={`Delete key ${key.name}`}>
                      Delete
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <CreateKeyDialog
        open={creatingKey}
        onOpenChange={(open) => {
          setCreatingKey(open);
          if (!open) void refresh();
        }}
        dates={dates}
        focusFallback={() => headingRef.current?.focus()}
        actsAs={data.name}
        allowed={allowed}
        mint={async (values) => {
          const created = await mint.mutateAsync({ serviceAccountId: data.id, ...values });
          mint.reset();
          return created;
        }}
      />
      <ConfirmDialog
        open={deletingKey !== null}
        onClose={() => setDeletingKey(null)}
        title={`Delete ${deletingKey?.name ?? 'key'}?`}
        description="Anything using it stops authenticating at once."
        confirmLabel="Delete key"
        onConfirm={async () => {
          if (!deletingKey) return;
          await removeKey.mutateAsync({ serviceAccountId: data.id, keyId: deletingKey.id });
          toast.success(`Key ${deletingKey.name} deleted`);
          await refresh();
        }}
      />
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${data.name}?`}
        description="Its keys stop working at once and it leaves its teams. This can't be undone."
        confirmLabel="Delete service account"
        onConfirm={async () => {
          await remove.mutateAsync({ serviceAccountId: data.id });
          toast.success(`${data.name} deleted`);
          await refresh();
          void navigate(back.to);
        }}
      />
    </div>
  );
}
