import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { forgetAccountData } from '../../lib/query-client';
import { trpc } from '../../lib/trpc';
import { LinkActionPage } from './link-action-page';

/** Public: "this wasn't me", from the notice mailed to the old address. Ends in choosing a new password. */
export function CancelEmailChangePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cancel = trpc.auth.cancelEmailChange.useMutation();
  return (
    <LinkActionPage
      title="Secure your account"
      description="We'll cancel the change of your email address (or undo it), sign every browser out of your account, and then ask you for a new password."
      actionLabel="Cancel the change and secure my account"
      pending={cancel.isPending}
      deadHint="This link was already used or is more than 7 days old. If you still can't get in, reset your password from the sign-in page."
      onConfirm={async () => {
        const { resetToken } = await cancel.mutateAsync({ token });
        forgetAccountData(queryClient);
        await navigate(`/reset-password/${resetToken}`, { replace: true });
        return null;
      }}
    />
  );
}
