import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { UserMinus } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { errorReason } from '../../../lib/api-error';
import { describeError } from '../../../lib/describe-error';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../shell/me-context';
import type { Member } from '../types';

/** The danger zone: removing a member erases their account, exactly as deleting it themselves would. */
export function RemoveMemberCard({ member }: { member: Member }) {
  const me = useMe();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const remove = trpc.orgAdmin.members.remove.useMutation();
  const [confirming, setConfirming] = useState(false);

  const confirm = async () => {
    await remove.mutateAsync({ userId: member.userId });
    toast.success(`${member.displayName} was removed from ${me.org.name}`);
    // Leave before refreshing: this page's own query would only find the member gone.
    await navigate('/admin/members', { replace: true });
    // Forget the page's data too, or Back would show the erased member from the cache.
    void utils.orgAdmin.members.get.reset({ userId: member.userId });
    void utils.orgAdmin.members.list.invalidate();
    void utils.orgAdmin.teams.list.invalidate();
  };

  const describe = (err: unknown) =>
    errorReason(err) === 'LAST_OWNER'
      ? `${member.displayName} is the last owner of ${me.org.name}, and an organisation always needs one. Make someone else an owner first.`
      : describeError(err);

  return (
    <Card className="border-destructive/30">
      <CardHeader className="pb-6">
        <CardTitle>Remove from organisation</CardTitle>
        <CardDescription>
          Erases {member.displayName}'s account: sessions and API keys stop working at once, and
          personal data is deleted. This can't be undone.
        </CardDescription>
      </CardHeader>
      <CardFooter className="justify-end">
        <Button variant="destructive" onClick={() => setConfirming(true)}>
          <UserMinus aria-hidden />
          Remove from organisation
        </Button>
      </CardFooter>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Remove ${member.displayName} from ${me.org.name}?`}
        description={
          <>
            This erases the account <span className="font-medium text-foreground">{member.email}</span>
. Its sessions and API keys stop working immediately and its personal data is
            deleted; the audit log keeps what happened, without the name. This can't be undone.
          </>
        }
        confirmLabel="Remove member"
        typeToConfirm={{ label: `Type ${member.displayName} or their email to confirm`, accept: [member.displayName, member.email] }}
        onConfirm={confirm}
        describe={describe}
      />
    </Card>
  );
}
