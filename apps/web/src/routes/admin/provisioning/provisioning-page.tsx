import { createScimTokenInput, type CreateScimTokenInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { zodResolver } from '@hookform/resolvers/zod';
import { Plus, RefreshCcw, TriangleAlert } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { CopyField } from '../../../components/copy-field';
import { LoadError } from '../../../components/load-error';
import { SubmitButton } from '../../../components/submit-button';
import { dateFormatFor } from '../../../lib/date-format';
import { applyServerErrors } from '../../../lib/form-errors';
import { useReturnFocus } from '../../../lib/return-focus';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { TableSkeleton } from '../table-skeleton';
import type { ScimToken } from '../types';

/** SCIM provisioning: the base URL an identity provider needs, and its bearer tokens. */
export function ProvisioningPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const access = useAccess();
  const canManage = access.orgWide('scim:manage');
  const utils = trpc.useUtils();
  const tokens = trpc.orgAdmin.scim.tokens.list.useQuery();
  const revoke = trpc.orgAdmin.scim.tokens.revoke.useMutation();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ScimToken | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const baseUrl = `${window.location.origin}/scim/v2`;

  const render = () => {
    if (tokens.data?.length === 0) {
      return (
        <EmptyState
          icon={<RefreshCcw />}
          title={<h2>No SCIM tokens yet</h2>}
          description="Create a token and give it, with the base URL above, to Okta, Microsoft Entra ID or another identity provider."
          className="border-0"
        />
      );
    }
    if (tokens.data) {
      return (
        <Table aria-label="SCIM tokens">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead scope="col">Name</TableHead>
              <TableHead scope="col">Created</TableHead>
              <TableHead scope="col">Last used</TableHead>
              {canManage ? <TableHead scope="col"><span className="sr-only">Actions</span></TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.data.map((token) => (
              <TableRow key={token.id}>
                <TableCell>
                  <span className="block font-medium">{token.name}</span>
                  <span className="font-mono text-xs text-muted-foreground">{token.prefix}…</span>
                </TableCell>
                <TableCell className="text-muted-foreground">{dates.date(token.createdAt)}</TableCell>
                <TableCell className="text-muted-foreground">{token.lastUsedAt ? dates.date(token.lastUsedAt) : 'Never'}</TableCell>
                {canManage ? (
                  <TableCell className="text-right">
                    <Button variant="outline" size="sm" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      );
    }
    if (tokens.isError) return <LoadError title="We couldn't load the SCIM tokens" error={tokens.error} onRetry={() => void tokens.refetch()} className="p-6" />;
    return <TableSkeleton label="Loading SCIM tokens" rows={2} />;
  };

  return (
    <div className="grid gap-6">
      <title>{`Provisioning · Gatehouse`}</title>
      <AdminPageHeader
        title="Provisioning"
        headingRef={headingRef}
        description="Let your identity provider create, update, suspend and remove members, and keep teams in step with its groups, over SCIM 2.0."
        action={
          canManage ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden />
              Create SCIM token
            </Button>
          ) : undefined
        }
        canManage={access.loaded ? canManage : undefined}
      />
      <Card>
        <CardHeader>
          <CardTitle>SCIM base URL</CardTitle>
          <CardDescription>
            Members it deactivates are suspended at once: every session and key of theirs stops working. New members get
            no password; they are mailed how to set one.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CopyField label="SCIM base URL" value={baseUrl} />
        </CardContent>
      </Card>
      <Card className="overflow-hidden">{render()}</Card>
      <Dialog open={creating} onOpenChange={setCreating}>
        {creating ? (
          <CreateTokenFlow
            onClose={() => {
              setCreating(false);
              void utils.orgAdmin.scim.tokens.list.invalidate();
            }}
            focusFallback={() => headingRef.current?.focus()}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'token'}?`}
        description="The identity provider's next request with it is refused. Members already provisioned stay as they are."
        confirmLabel="Revoke token"
        onConfirm={async () => {
          if (!revoking) return;
          await revoke.mutateAsync({ tokenId: revoking.id });
          toast.success(`Token ${revoking.name} revoked`);
          await utils.orgAdmin.scim.tokens.list.invalidate();
        }}
        focusFallback={() => headingRef.current?.focus()}
      />
    </div>
  );
}

function CreateTokenFlow({ onClose, focusFallback }: { onClose: () => void; focusFallback: () => void }) {
  // gcTime 0 plus reset(): the mutation cache must not keep the secret after we took it.
  const create = trpc.orgAdmin.scim.tokens.create.useMutation({ gcTime: 0 });
  const [secret, setSecret] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);
  const form = useForm<CreateScimTokenInput>({ resolver: zodResolver(createScimTokenInput), defaultValues: { name: '' } });

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const created = await create.mutateAsync(values);
      create.reset();
      setSecret(created.secret);
      toast.success('SCIM token created');
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields: ['name'] }));
    }
  });

  return (
    <DialogContent showCloseButton={false} onCloseAutoFocus={returnFocus} onInteractOutside={(e) => e.preventDefault()}>
      {secret ? (
        <div className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Copy your SCIM token</DialogTitle>
            <DialogDescription>Paste it into your identity provider as the bearer token, with the base URL.</DialogDescription>
          </DialogHeader>
          <CopyField label="SCIM token" value={secret} autoFocus />
          <Alert variant="warning">
            <TriangleAlert aria-hidden />
            <p className="font-medium">You won't be able to see this token again.</p>
          </Alert>
          <DialogFooter>
            <Button onClick={onClose}>Done</Button>
          </DialogFooter>
        </div>
      ) : (
        <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Create SCIM token</DialogTitle>
            <DialogDescription>One token per identity provider. It reaches only this organisation.</DialogDescription>
          </DialogHeader>
          <FormField label="Name" description="Which identity provider uses it, e.g. Okta." error={form.formState.errors.name?.message}>
            {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={100} autoFocus />}
          </FormField>
          {formError ? <Alert variant="destructive">{formError}</Alert> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <SubmitButton pending={create.isPending}>Create token</SubmitButton>
          </DialogFooter>
        </form>
      )}
    </DialogContent>
  );
}
