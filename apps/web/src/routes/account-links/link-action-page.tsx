import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { AuthLayout } from '../../components/auth-layout';
import { SubmitButton } from '../../components/submit-button';
import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';

type LinkActionPageProps = {
  title: string;
  description: string;
  /** What the button does; nothing happens before it is pressed (mail scanners open links too). */
  actionLabel: string;
  pending: boolean;
  /** Runs the link's action; resolves to what the done state shows, or rejects with the server's error. */
  onConfirm: () => Promise<ReactNode>;
  /** Shown when the link is unknown, expired or used: the server does not say which. */
  deadHint: string;
};

const signInFooter = (
  <Link to="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
    Go to sign in
  </Link>
);

/** Where a mailed link lands: one button that uses the link, then its outcome. */
export function LinkActionPage({ title, description, actionLabel, pending, onConfirm, deadHint }: LinkActionPageProps) {
  const [done, setDone] = useState<ReactNode>(null);
  const [dead, setDead] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (dead) {
    return (
      <AuthLayout title="This link is invalid or has expired" description={deadHint} footer={signInFooter}>
        <Button asChild className="w-full">
          <Link to="/">Go to Gatehouse</Link>
        </Button>
      </AuthLayout>
    );
  }
  if (done) {
    return (
      <AuthLayout title={title} description={description} footer={signInFooter}>
        {done}
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={title} description={description} footer={signInFooter}>
      <form
        noValidate
        className="grid gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          onConfirm().then(setDone, (err: unknown) => {
            if (errorReason(err) === 'INVALID_TOKEN') setDead(true);
            else setError(describeError(err));
          });
        }}
      >
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <SubmitButton pending={pending} className="w-full">
          {actionLabel}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
