import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { useMe } from '../../shell/me-context';
import { DeleteAccountDialog } from './delete-account-dialog';

/** The danger zone: says exactly what deletion does (SPEC §6) before anyone is asked to confirm. */
export function DeleteAccountCard() {
  const me = useMe();
  const [open, setOpen] = useState(false);

  return (
    <Card className="border-destructive/40">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-destructive">
          <TriangleAlert aria-hidden className="size-4" />
          Delete account
        </CardTitle>
        <CardDescription>Permanently delete your account. This can't be undone.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        <ul className="grid list-disc gap-1.5 pl-5">
          <li>All your sessions and API keys are revoked immediately: scripts using your keys stop working.</li>
          <li>Your profile, preferences, notifications and other personal data are erased.</li>
          <li>
            Audit log entries about what you did are kept for your organisation's records, anonymously: your name, IP
            addresses and devices are removed from them.
          </li>
          <li>If you are the only member of {me.org.name}, the organisation is deleted too.</li>
          <li>
            {me.role === 'owner'
              ? `You are an owner: if ${me.org.name} has other members, make one of them an owner first.`
              : 'Owners must make another member an owner before they can delete their account.'}
          </li>
        </ul>
        <p className="mt-4 text-muted-foreground">Consider downloading your data first.</p>
      </CardContent>
      <CardFooter className="justify-end border-destructive/20">
        <Button variant="destructive" onClick={() => setOpen(true)}>
          Delete account…
        </Button>
      </CardFooter>
      <DeleteAccountDialog open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
