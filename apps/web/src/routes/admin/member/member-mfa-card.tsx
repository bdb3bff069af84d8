import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { trpc } from '../../../lib/trpc';
import type { Member } from '../types';

/**
 * For owners: the way back in for a member who lost their phone and their backup codes. Every
 * factor goes and every session ends (the server mails them); the sudo link asks for the
 * owner's password first when the window has closed.
 */
export function MemberMfaCard({ member }: { member: Member }) {
  const utils = trpc.useUtils();
  const resetMfa = trpc.orgAdmin.members.resetMfa.useMutation();
  const [confirming, setConfirming] = useState(false);

  return (
    <Card>
      <CardHeader className="pb-6">
        <CardTitle>Two-factor authentication</CardTitle>
        <CardDescription>
          If {member.displayName} can no longer sign in because they lost their authenticator app and backup codes, you
          can remove their second factors so they can set them up again.
        </CardDescription>
      </CardHeader>
      <CardFooter className="justify-end">
        <Button variant="outline" onClick={() => setConfirming(true)}>
          Reset two-factor authentication
        </Button>
      </CardFooter>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Reset two-factor authentication for ${member.displayName}?`}
        description={
          <>
            This removes their authenticator app, passkeys and backup codes, and signs them out everywhere. They are told
            by email. Only do this when you are sure it is them asking.
          </>
        }
        confirmLabel="Reset two-factor"
        onConfirm={async () => {
          await resetMfa.mutateAsync({ userId: member.userId });
          toast.success(`Two-factor authentication was reset for ${member.displayName}.`);
          void utils.orgAdmin.members.get.invalidate({ userId: member.userId });
        }}
      />
    </Card>
  );
}
