import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Link, useParams } from 'react-router';
import { trpc } from '../../lib/trpc';
import { LinkActionPage } from './link-action-page';

/** Public: where the verification mail's link lands (it may open in a browser that is not signed in). */
export function VerifyEmailPage() {
  const { token = '' } = useParams();
  const utils = trpc.useUtils();
  const verify = trpc.auth.verifyEmail.useMutation();
  return (
    <LinkActionPage
      title="Confirm your email address"
      description="Confirm that this address is yours, so you can create API keys, invite people and get all your mail."
      actionLabel="Confirm email address"
      pending={verify.isPending}
      deadHint="Confirmation links work once and expire after 24 hours. Sign in and send yourself a new one from the banner at the top of the page."
      onConfirm={async () => {
        const { email } = await verify.mutateAsync({ token });
        void utils.me.get.invalidate();
        return (
          <div className="grid gap-4">
            <Alert variant="success" role="status">
              {email} is confirmed.
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
