import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Link, useParams } from 'react-router';
import { trpc } from '../../lib/trpc';
import { LinkActionPage } from './link-action-page';

/** Public: the link mailed to the new address of an email change. */
export function ConfirmEmailPage() {
  const { token = '' } = useParams();
  const utils = trpc.useUtils();
  const confirm = trpc.auth.confirmEmailChange.useMutation();
  return (
    <LinkActionPage
      title="Confirm your new email address"
      description="Your account moves to this address once you confirm. Sign in with it from then on."
      actionLabel="Confirm new address"
      pending={confirm.isPending}
      deadHint="Confirmation links work once and expire after 24 hours. Start the change again from your profile."
      onConfirm={async () => {
        const { email } = await confirm.mutateAsync({ token });
        void utils.me.get.invalidate();
        return (
          <div className="grid gap-4">
            <Alert variant="success" role="status">
              Your account now uses {email}.
            </Alert>
            <Button asChild className="w-full">
              <Link to="/">Continue to Gatehouse</Link>
            </Button>
          </div>
        );
      }}
    />
  );
}
