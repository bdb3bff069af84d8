import { Badge } from '@gatehouse/ui/badge';
import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { ScopeList } from '../../../components/scope-list';
import { errorData } from '../../../lib/api-error';
import type { DateFormat } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { expiryOf } from '../../api-keys/expiry';
import { TableSkeleton } from '../table-skeleton';
import type { Member, MemberKey } from '../types';

type MemberKeysCardProps = { member: Member; canDelete: boolean; dates: DateFormat };

/** Key metadata only (the server never returns a secret here); member-keys:delete revokes, nobody rotates. */
export function MemberKeysCard({ member, canDelete, dates }: MemberKeysCardProps) {
  const utils = trpc.useUtils();
  const keys = trpc.orgAdmin.apiKeys.list.useQuery({ userId: member.userId });
  const remove = trpc.orgAdmin.apiKeys.delete.useMutation();
  const [deleting, setDeleting] = useState<MemberKey | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const confirmDelete = async (key: MemberKey) => {
    try {
      await remove.mutateAsync({ keyId: key.id });
      toast.success(`API key ${key.name} deleted`);
    } catch (err) {
      // Already gone (deleted by its owner meanwhile) is the outcome asked for.
      if (errorData(err)?.code !== 'NOT_FOUND') throw err;
    }
    // Fresh before the dialog closes, so focus never returns to the deleted row.
    await utils.orgAdmin.apiKeys.list.invalidate({ userId: member.userId });
  };

  const renderKeys = () => {
    if (keys.data?.length === 0) {
      return <p className="border-t px-6 py-5 text-sm text-muted-foreground">{member.displayName} has no API keys.</p>;
    }
    if (keys.data) {
      return (
        <ul aria-label={`API keys of ${member.displayName}`} className="divide-y border-t">
          {keys.data.map((key) => (
            <MemberKeyItem key={key.id} apiKey={key} dates={dates} onDelete={canDelete ? setDeleting : undefined} />
          ))}
        </ul>
      );
    }
    if (keys.isError) {
      return <LoadError title="We couldn't load the API keys" error={keys.error} onRetry={() => void keys.refetch()} className="border-t p-6" />;
    }
    return <TableSkeleton label="Loading API keys" rows={2} />;
  };

  return (
    <Card>
      <CardHeader className="pb-6">
        <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
          API keys
        </CardTitle>
        <CardDescription>
          Keys {member.displayName} created. {canDelete ? 'Deleting one stops it at once and tells them. ' : ''}Only
          they can create or rotate keys.
        </CardDescription>
      </CardHeader>
      {renderKeys()}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'key'}?`}
        description={`Anything using this key stops working immediately, and ${member.displayName} is told it was deleted. This can't be undone.`}
        confirmLabel="Delete key"
        onConfirm={() => (deleting ? confirmDelete(deleting) : Promise.resolve())}
        focusFallback={() => headingRef.current?.focus()}
      />
    </Card>
  );
}

type MemberKeyItemProps = { apiKey: MemberKey; dates: DateFormat; onDelete: ((key: MemberKey) => void) | undefined };

function MemberKeyItem({ apiKey, dates, onDelete }: MemberKeyItemProps) {
  const expired = expiryOf(apiKey, Date.now()).kind === 'expired';
  return (
    <li className="flex flex-wrap items-start justify-between gap-4 px-6 py-4">
      <div className="grid min-w-0 gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="truncate text-sm font-medium">{apiKey.name}</h3>
          <span className="sr-only">Prefix</span>
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{apiKey.prefix}</code>
          {expired ? <Badge variant="destructive">Expired</Badge> : null}
        </div>
        <ScopeList keyName={apiKey.name} scopes={apiKey.scopes} />
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
          <span>
            {expired ? 'Expired' : 'Expires'} {dates.date(apiKey.expiresAt)}
          </span>
          <span>{apiKey.lastUsedAt ? `Last used ${dates.dateTime(apiKey.lastUsedAt)}` : 'Never used'}</span>
        </p>
      </div>
      {onDelete ? (
        <Button
          variant="outline"
          size="sm"
          aria-label={`Delete key ${apiKey.name}`}
          onClick={() => onDelete(apiKey)}
          className="text-destructive hover:bg-destructive/5 hover:text-destructive"
        >
          <Trash2 aria-hidden />
          Delete
        </Button>
      ) : null}
    </li>
  );
}
