import { DialogDescription, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { CopyField } from '../../../components/copy-field';
import type { DateFormat } from '../../../lib/date-format';

export type IssuedLink = { email: string; url: string; expiresAt: string; emailed: boolean };

/**
 * A freshly issued invitation link, shown once (the server keeps only its hash). Without SMTP the
 * mail waits in a local outbox the invitee cannot read, so this says so rather than "we emailed".
 */
export function InvitationLink({ link, dates, renewed }: { link: IssuedLink; dates: DateFormat; renewed: boolean }) {
  const who = <span className="font-medium text-foreground">{link.email}</span>;
  return (
    <>
      <DialogHeader>
        <DialogTitle>{link.emailed ? (renewed ? 'New link sent' : 'Invitation sent') : renewed ? 'New link ready' : 'Invitation created'}</DialogTitle>
        <DialogDescription>
          {link.emailed ? (
            <>
              We emailed this link to {who}. You can also send it yourself.
            </>
          ) : (
            <>
              Email is not set up on this server, so nobody was emailed: send this link to {who} yourself.
            </>
          )}{' '}
          It works once, until {dates.dateTime(link.expiresAt)}.
        </DialogDescription>
      </DialogHeader>
      <CopyField label="Invitation link" value={link.url} autoFocus />
      <p className="text-sm text-muted-foreground">
        Anyone with the link can join as this person, so share it only with them.
        {renewed ? ' The link sent before no longer works.' : ''} You won't see this link again, but you can get a new
        one from the invitations list at any time (the previous one then stops working).
      </p>
    </>
  );
}
