import { type CreateInvitationInput } from '@gatehouse/api/schemas';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogFooter } from '@gatehouse/ui/dialog';
import { useState } from 'react';
import { toast } from 'sonner';
import type { DateFormat } from '../../../lib/date-format';
import { useReturnFocus } from '../../../lib/return-focus';
import { trpc } from '../../../lib/trpc';
import { InvitationLink, type IssuedLink } from './invitation-link';
import { InviteMemberForm } from './invite-member-form';

type InviteMemberDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  dates: DateFormat;
  focusFallback: () => void;
};

export function InviteMemberDialog({ open, onOpenChange, ...props }: InviteMemberDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {/* Mounted per opening: the form starts empty, and the link goes when the dialog does. */}
      {open ? <InviteFlow onClose={() => onOpenChange(false)} {...props} /> : null}
    </Dialog>
  );
}

/** One dialog, two steps: the form, then the link (shown only here; the list never has it). */
function InviteFlow({ onClose, dates, focusFallback }: Omit<InviteMemberDialogProps, 'open' | 'onOpenChange'> & { onClose: () => void }) {
  const utils = trpc.useUtils();
  // gcTime 0: the link is a credential for the invitee; the mutation cache needn't keep it.
  const create = trpc.orgAdmin.invitations.create.useMutation({ gcTime: 0 });
  const [sent, setSent] = useState<IssuedLink | null>(null);
  const returnFocus = useReturnFocus(focusFallback);

  const submit = async (values: CreateInvitationInput) => {
    const { invitation, url, emailed } = await create.mutateAsync(values);
    create.reset();
    setSent({ email: invitation.email, url, expiresAt: invitation.expiresAt, emailed });
    toast.success(emailed ? `Invitation sent to ${invitation.email}` : `Invitation created for ${invitation.email}`);
    void utils.orgAdmin.invitations.list.invalidate();
  };

  return (
    <DialogContent
      showCloseButton={false}
      onCloseAutoFocus={returnFocus}
      className={sent ? 'max-w-xl' : 'max-w-lg'}
      // A stray click beside the dialog must not lose a link that can't be shown again.
      onInteractOutside={(event) => {
        if (create.isPending || sent) event.preventDefault();
      }}
      onEscapeKeyDown={(event) => {
        if (create.isPending) event.preventDefault();
      }}
    >
      {sent ? (
        <>
          <InvitationLink link={sent} dates={dates} renewed={false} />
          <DialogFooter>
            <Button onClick={onClose}>Done</Button>
          </DialogFooter>
        </>
      ) : (
        <InviteMemberForm submit={submit} pending={create.isPending} onCancel={onClose} />
      )}
    </DialogContent>
  );
}
