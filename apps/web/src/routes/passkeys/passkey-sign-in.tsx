import { Alert } from '@gatehouse/ui/alert';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { forgetAccountData } from '../../lib/query-client';
import { returnPath } from '../../lib/redirect';
import { trpc } from '../../lib/trpc';
import { answerWithPasskey, describePasskeyPromptError, isPasskeyPromptError, supportsPasskeys } from '../../lib/webauthn';
import { PasskeyButton } from './passkey-button';

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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!supportsPasskeys()) return null;

  const start = async () => {
    setError(null);
    setPending(true);
    try {
      const response = await answerWithPasskey(await options.mutateAsync());
      await signIn.mutateAsync({ response });
      forgetAccountData(queryClient);
      await navigate(returnPath(location.state), { replace: true });
    } catch (err) {
      if (isPasskeyPromptError(err)) setError(describePasskeyPromptError(err));
      else if (errorReason(err) === 'INVALID_CREDENTIALS') setError('That passkey was not accepted. Try again, or sign in with your password.');
      else setError(describeError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="grid gap-3">
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <PasskeyButton pending={pending} onClick={() => void start()} className="w-full">
        Sign in with a passkey
      </PasskeyButton>
      {error ? (
        <Alert variant="destructive" role="alert">
          {error}
        </Alert>
      ) : null}
    </div>
  );
}
