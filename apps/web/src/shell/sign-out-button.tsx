import { Button } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';
import { useQueryClient } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { isSignedOutError } from '../lib/api-error';
import { describeError } from '../lib/describe-error';
import { forgetAccountData } from '../lib/query-client';
import { trpc } from '../lib/trpc';

export function SignOutButton() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = trpc.auth.signOut.useMutation();

  const leave = async () => {
    try {
      await signOut.mutateAsync();
    } catch (err) {
      // Already signed out (expired or revoked elsewhere) is the outcome the user asked for.
      if (!isSignedOutError(err)) {
        toast.error(describeError(err));
        return;
      }
    }
    forgetAccountData(queryClient);
    await navigate('/sign-in', { replace: true });
  };

  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={() => void leave()}
      disabled={signOut.isPending}
      aria-busy={signOut.isPending}
    >
      {signOut.isPending ? <Spinner /> : <LogOut aria-hidden />}
      Sign out
    </Button>
  );
}
