import { Alert, AlertDescription, AlertTitle } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { MailWarning } from 'lucide-react';
import { toast } from 'sonner';
import { describeError } from '../lib/describe-error';
import { trpc } from '../lib/trpc';
import { useMe } from './me-context';

/** Until the address is proven, every signed-in page says so and offers a new link. */
export function VerifyEmailBanner() {
  const me = useMe();
  const resend = trpc.me.resendVerification.useMutation();
  if (me.emailVerified || me.via !== 'session') return null;
  return (
    <Alert variant="warning" role="status" className="mb-6">
      <MailWarning />
      <div className="flex flex-wrap items-center gap-3">
      <div className="min-w-0 flex-1">
        <AlertTitle>Confirm your email address</AlertTitle>
        <AlertDescription>
          We sent a link to {me.email}. Until you open it, you can't create API keys or invite people, and you get only
          security mail.
        </AlertDescription>
      </div>
      <Button
        size="sm"
        variant="outline"
        disabled={resend.isPending}
        onClick={() =>
          resend.mutate(undefined, {
            onSuccess: ({ sent }) => toast.success(sent ? `We sent a new link to ${me.email}.` : 'Your address is already confirmed.'),
            onError: (err) => toast.error(describeError(err)),
          })
        }
      >
        Resend link
      </Button>
      </div>
    </Alert>
  );
}
