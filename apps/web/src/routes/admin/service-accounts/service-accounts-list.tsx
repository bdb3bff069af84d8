import { Badge } from '@gatehouse/ui/badge';
import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Bot, Plus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { LoadError } from '../../../components/load-error';
import { RoleBadge } from '../../../components/role-badge';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { TableSkeleton } from '../table-skeleton';
import { ServiceAccountDialog } from './service-account-dialog';

/** The members list's "Service accounts" tab: the organisation's automation identities. */
export function ServiceAccountsList() {
  const accounts = trpc.orgAdmin.serviceAccounts.list.useQuery();
  const canManage = useAccess().orgWide('service-accounts:write');
  const [creating, setCreating] = useState(false);
  const createButton = canManage ? (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      Create service account
    </Button>
  ) : undefined;

  const render = () => {
    if (accounts.data?.length === 0) {
      return (
        <EmptyState
          icon={<Bot />}
          title={<h2>No service accounts yet</h2>}
          description="Service accounts run automation on keys that belong to the organisation, not to a person who may leave."
          action={createButton}
          className="border-0"
        />
      );
    }
    if (accounts.data) {
      return (
        <>
          {canManage ? <div className="flex justify-end border-b p-3">{createButton}</div> : null}
          <Table aria-label="Service accounts">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col">Name</TableHead>
                <TableHead scope="col">Role</TableHead>
                <TableHead scope="col">Teams</TableHead>
                <TableHead scope="col">Keys</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {accounts.data.map((account) => (
                <TableRow key={account.id}>
                  <TableCell>
                    <Link to={`/admin/service-accounts/${account.id}`} className="font-medium hover:underline">
                      {account.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <RoleBadge role={account.role} customRole={account.customRole ?? undefined} />
                  </TableCell>
                  <TableCell>
                    {account.teams.length === 0 ? (
                      <span className="text-muted-foreground">No teams</span>
                    ) : (
                      <span className="flex flex-wrap gap-1">
                        {account.teams.map((t) => (
                          <Badge key={t.id} variant="outline">
                            {t.name}
                          </Badge>
                        ))}
                      </span>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground">{account.keys.length}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      );
    }
    if (accounts.isError) {
      return <LoadError title="We couldn't load the service accounts" error={accounts.error} onRetry={() => void accounts.refetch()} className="p-6" />;
    }
    return <TableSkeleton label="Loading service accounts" rows={2} />;
  };

  return (
    <>
      {render()}
      <ServiceAccountDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
