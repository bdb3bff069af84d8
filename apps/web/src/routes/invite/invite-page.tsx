import { Skeleton } from '@gatehouse/ui/skeleton';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { AuthLayout } from '../../components/auth-layout';
import { LoadError } from '../../components/load-error';
import { errorData } from '../../lib/api-error';
import { trpc } from '../../lib/trpc';
import { AcceptInvitationForm } from './accept-invitation-form';
import { DeadInvitation } from './dead-invitation';

const asRole = { owner: 'an owner', admin: 'an admin', member: 'a member' } as const;

const signInFooter = (
  <>
    Already have an account?{' '}
    <Link to="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
      Sign in
    </Link>
  </>
);

/** Public: where the invitation mail's link lands. The token is checked before anything is asked. */
export function InvitePage() {
  const { token = '' } = useParams();
  // Unknown, used, revoked and expired links all answer NOT_FOUND: retrying won't change that.
  const preview = trpc.auth.invitation.useQuery({ token }, { retry: false, refetchOnWindowFocus: false });
  // Set when the link dies while the form is open (accepted in another tab, revoked meanwhile).
  const [dead, setDead] = useState(false);
  const code = errorData(preview.error)?.code;

  if (dead || code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <DeadInvitation />;
  if (preview.data) {
    const invitation = preview.data;
    return (
      <AuthLayout
        title={`Join ${invitation.orgName} on Gatehouse`}
        description={`You're invited as ${asRole[invitation.role]}. Choose how you appear to others, and a password.`}
        footer={signInFooter}
      >
        <AcceptInvitationForm token={token} invitation={invitation} onDead={() => setDead(true)} />
      </AuthLayout>
    );
  }
  if (preview.isError) {
    return (
      <AuthLayout title="Accept your invitation" description="We couldn't check your invitation link." footer={signInFooter}>
        <LoadError title="Something went wrong" error={preview.error} onRetry={() => void preview.refetch()} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Accept your invitation" description="Checking your invitation link…" footer={signInFooter}>
      <div role="status" aria-label="Checking your invitation" aria-busy className="grid gap-4">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
      </div>
    </AuthLayout>
  );
}
