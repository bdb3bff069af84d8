import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { forgetAccountData } from '../../lib/query-client';
import { returnPath } from '../../lib/redirect';
import { trpc } from '../../lib/trpc';
import { answerWithPasskey, supportsPasskeys } from '../../lib/webauthn';
import { PasskeyPrompt, usePasskeyPrompt } from './passkey-prompt';

/**
 * Passwordless sign-in (SPEC §9): the browser offers whichever passkey the person picks for this
 * site, and that passkey, unlocked on the device, is both factors at once.
 */
export function PasskeySignIn() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const options = trpc.auth.passkey.options.useMutation();
  const signIn = trpc.auth.passkey.signIn.useMutation();
  const prompt = usePasskeyPrompt((err) =>
    errorReason(err) === 'INVALID_CREDENTIALS' ? 'That passkey was not accepted. Try again, or sign in with your password.' : describeError(err),
  );

  if (!supportsPasskeys()) return null;

  const ceremony = async () => {
    const response = await answerWithPasskey(await options.mutateAsync());
    await signIn.mutateAsync({ response });
    forgetAccountData(queryClient);
    await navigate(returnPath(location.state), { replace: true });
  };

  return (
    <div className="grid gap-3">
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <PasskeyPrompt prompt={prompt} ceremony={ceremony} className="w-full">
        Sign in with a passkey
      </PasskeyPrompt>
    </div>
  );
}
