import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { Spinner } from '@gatehouse/ui/spinner';
import { useState } from 'react';
import { toast } from 'sonner';
import type { DateFormat } from '../../../lib/date-format';
import { describeError } from '../../../lib/describe-error';
import { useReturnFocus } from '../../../lib/return-focus';
import { trpc } from '../../../lib/trpc';
import type { Invitation } from '../types';
import { InvitationLink, type IssuedLink } from './invitation-link';

type ResendInvitationDialogProps = {
  invitation: Invitation | null;
  onClose: () => void;
  dates: DateFormat;
  focusFallback: () => void;
};

/**
 * "Resend" and "copy the link again" in one: links are stored hashed, so the only way to show one
 * again is to issue a new one, which ends the old. The dialog asks first, since it does.
 */
export function ResendInvitationDialog({ invitation, onClose, ...props }: ResendInvitationDialogProps) {
  return (
    <Dialog open={invitation !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {invitation ? <ResendFlow invitation={invitation} onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

function ResendFlow({ invitation, onClose, dates, focusFallback }: Omit<ResendInvitationDialogProps, 'invitation'> & { invitation: Invitation }) {
  const utils = trpc.useUtils();
  // gcTime 0: the link is a credential for the invitee; the mutation cache needn't keep it.
  const resend = trpc.orgAdmin.invitations.resend.useMutation({ gcTime: 0 });
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const returnFocus = useReturnFocus(focusFallback);

  const confirm = async () => {
    setError(null);
    try {
      const { invitation: renewed, url, emailed } = await resend.mutateAsync({ invitationId: invitation.id });
      resend.reset();
      setIssued({ email: renewed.email, url, expiresAt: renewed.expiresAt, emailed });
      toast.success(emailed ? `New link sent to ${renewed.email}` : `New link ready for ${renewed.email}`);
      void utils.orgAdmin.invitations.list.invalidate();
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <DialogContent
      showCloseButton={false}
      onCloseAutoFocus={returnFocus}
      className={issued ? 'max-w-xl' : 'max-w-lg'}
      // A stray click beside the dialog must not lose a link that can't be shown again.
      onInteractOutside={(event) => {
        if (resend.isPending || issued) event.preventDefault();
      }}
      onEscapeKeyDown={(event) => {
        if (resend.isPending) event.preventDefault();
      }}
    >
      {issued ? (
        <>
          <InvitationLink link={issued} dates={dates} renewed />
          <DialogFooter>
            <Button onClick={onClose}>Done</Button>
          </DialogFooter>
        </>
      ) : (
        <>
          <DialogHeader>
            <DialogTitle>Get a new invitation link?</DialogTitle>
            <DialogDescription>
              We make a new link for <span className="font-medium text-foreground">{invitation.email}</span>, valid for
              7 days, and email it to them when this server can send mail. The link sent before stops working at once.
            </DialogDescription>
          </DialogHeader>
          {error ? <Alert variant="destructive">{error}</Alert> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose} disabled={resend.isPending}>
              Cancel
            </Button>
            <Button onClick={() => void confirm()} disabled={resend.isPending} aria-busy={resend.isPending}>
              {resend.isPending ? <Spinner /> : null}
              Get new link
            </Button>
          </DialogFooter>
        </>
      )}
    </DialogContent>
  );
}
