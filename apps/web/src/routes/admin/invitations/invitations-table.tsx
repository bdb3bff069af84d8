import { Badge, type BadgeProps } from '@gatehouse/ui/badge';
import { Button } from '@gatehouse/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Ban, RotateCw } from 'lucide-react';
import { RoleBadge } from '../../../components/role-badge';
import type { DateFormat } from '../../../lib/date-format';
import type { Invitation } from '../types';

const statusBadges: Record<Invitation['status'], { label: string; variant: BadgeProps['variant'] }> = {
  pending: { label: 'Pending', variant: 'default' },
  accepted: { label: 'Accepted', variant: 'success' },
  revoked: { label: 'Revoked', variant: 'outline' },
  expired: { label: 'Expired', variant: 'outline' },
};

/** The one date that matters for each status. */
function when(invitation: Invitation, dates: DateFormat): string {
  switch (invitation.status) {
    case 'pending':
      return `Expires ${dates.date(invitation.expiresAt)}`;
    case 'accepted':
      return invitation.acceptedAt ? `Accepted ${dates.date(invitation.acceptedAt)}` : 'Accepted';
    case 'revoked':
      return invitation.revokedAt ? `Revoked ${dates.date(invitation.revokedAt)}` : 'Revoked';
    case 'expired':
      return `Expired ${dates.date(invitation.expiresAt)}`;
  }
}

type InvitationsTableProps = {
  invitations: Invitation[];
  dates: DateFormat;
  /** Owners only: without them the table is read-only. */
  onRevoke?: ((invitation: Invitation) => void) | undefined;
  onResend?: ((invitation: Invitation) => void) | undefined;
};

export function InvitationsTable({ invitations, dates, onRevoke, onResend }: InvitationsTableProps) {
  return (
    <Table aria-label="Invitations">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Email</TableHead>
          <TableHead scope="col">Role</TableHead>
          <TableHead scope="col" className="hidden md:table-cell">
            Teams
          </TableHead>
          <TableHead scope="col">Status</TableHead>
          {onRevoke ? (
            <TableHead scope="col">
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {invitations.map((invitation) => {
          const status = statusBadges[invitation.status];
          return (
            <TableRow key={invitation.id}>
              <TableCell className="max-w-64">
                <span className="block truncate font-medium">{invitation.email}</span>
                <span className="block text-xs text-muted-foreground">Sent {dates.date(invitation.createdAt)}</span>
              </TableCell>
              <TableCell>
                <RoleBadge role={invitation.role} />
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">
                {invitation.teams.map((team) => team.name).join(', ') || 'None'}
              </TableCell>
              <TableCell>
                <span className="flex flex-wrap items-center gap-1">
                  <Badge variant={status.variant}>{status.label}</Badge>
                  {/* The link never reached the invitee: only a new link (a new mail) helps. */}
                  {invitation.mailStatus === 'undeliverable' && invitation.status === 'pending' ? (
                    <Badge variant="destructive" title="Every delivery attempt failed. Resend to get a new link.">
                      Mail undeliverable
                    </Badge>
                  ) : null}
                </span>
                <span className="mt-1 block text-xs whitespace-nowrap text-muted-foreground">{when(invitation, dates)}</span>
              </TableCell>
              {onRevoke ? (
                <TableCell className="text-right">
                  <span className="flex justify-end gap-1">
                    {/* A pending link can be re-issued (the only way to see one again), an expired one renewed. */}
                    {onResend && (invitation.status === 'pending' || invitation.status === 'expired') ? (
                      <Button variant="ghost" size="sm" aria-label={`Resend invitation to ${invitation.email}`} onClick={() => onResend(invitation)}>
                        <RotateCw aria-hidden />
                        Resend
                      </Button>
                    ) : null}
                    {/* Only a live link can be revoked; the others already stopped working. */}
                    {invitation.status === 'pending' ? (
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Revoke invitation for ${invitation.email}`}
                        onClick={() => onRevoke(invitation)}
                        className="text-destructive hover:bg-destructive/5 hover:text-destructive"
                      >
                        <Ban aria-hidden />
                        Revoke
                      </Button>
                    ) : null}
                  </span>
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
