import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { MailPlus, UserPlus } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { TableSkeleton } from '../table-skeleton';
import type { Invitation } from '../types';
import { InvitationsTable } from './invitations-table';
import { InviteMemberDialog } from './invite-member-dialog';
import { ResendInvitationDialog } from './resend-invitation-dialog';

export function InvitationsPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const access = useAccess();
  // Inviting, resending and revoking all take invitations:write (org-wide).
  const canManage = access.orgWide('invitations:write');
  const utils = trpc.useUtils();
  const invitations = trpc.orgAdmin.invitations.list.useQuery();
  const revoke = trpc.orgAdmin.invitations.revoke.useMutation();
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [resending, setResending] = useState<Invitation | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => headingRef.current?.focus();

  const inviteButton = (
    <Button onClick={() => setInviting(true)}>
      <UserPlus aria-hidden />
      Invite member
    </Button>
  );

  const confirmRevoke = async (invitation: Invitation) => {
    await revoke.mutateAsync({ invitationId: invitation.id });
    // Fresh before the dialog closes, so focus never returns to the vanished button.
    await utils.orgAdmin.invitations.list.invalidate();
    toast.success(`Invitation for ${invitation.email} revoked`);
  };

  const renderList = () => {
    if (invitations.data?.length === 0) {
      return (
        <EmptyState
          icon={<MailPlus />}
          title={<h2>No invitations yet</h2>}
          description="Invite people by email. They choose their own password when they accept, and join with the role and teams you picked."
          action={canManage ? inviteButton : undefined}
          className="border-0"
        />
      );
    }
    if (invitations.data) {
      return (
        <InvitationsTable
          invitations={invitations.data}
          dates={dates}
          onRevoke={canManage ? setRevoking : undefined}
          onResend={canManage ? setResending : undefined}
        />
      );
    }
    if (invitations.isError) {
      return (
        <LoadError title="We couldn't load the invitations" error={invitations.error} onRetry={() => void invitations.refetch()} className="p-6" />
      );
    }
    return <TableSkeleton label="Loading invitations" rows={3} />;
  };

  return (
    <div className="grid gap-6">
      <AdminPageHeader
        title="Invitations"
        headingRef={headingRef}
        description="Invitation links work once and expire after 7 days. A new invitation to the same email replaces the old one."
        action={canManage && invitations.data?.length !== 0 ? inviteButton : undefined}
        canManage={access.loaded ? canManage : undefined}
      />
      <Card className="overflow-hidden">{renderList()}</Card>

      <InviteMemberDialog open={inviting} onOpenChange={setInviting} dates={dates} focusFallback={focusHeading} />
      <ResendInvitationDialog invitation={resending} onClose={() => setResending(null)} dates={dates} focusFallback={focusHeading} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke invitation?"
        description={`The link sent to ${revoking?.email ?? 'them'} stops working at once. You can invite them again later.`}
        confirmLabel="Revoke invitation"
        onConfirm={() => (revoking ? confirmRevoke(revoking) : Promise.resolve())}
        focusFallback={focusHeading}
      />
    </div>
  );
}
