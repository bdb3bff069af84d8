import { Alert } from '@gatehouse/ui/alert';
import { useState } from 'react';
import { errorReason, isSignedOutError } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';
import { answerWithPasskey, describePasskeyPromptError, isPasskeyPromptError, supportsPasskeys } from '../../lib/webauthn';
import { PasskeyButton } from './passkey-button';

type SudoPasskeyProps = {
  onConfirmed: () => void;
  /** The session itself is gone: the shell is about to send the user to sign in. */
  onSignedOut: () => void;
};

/** Confirming a sensitive change with one of your passkeys instead of the password. */
export function SudoPasskey({ onConfirmed, onSignedOut }: SudoPasskeyProps) {
  const utils = trpc.useUtils();
  const options = trpc.me.sudo.passkeyOptions.useMutation();
  const enter = trpc.me.sudo.enter.useMutation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!supportsPasskeys()) return null;

  const start = async () => {
    setError(null);
    setPending(true);
    try {
      const publicKey = await options.mutateAsync();
      if (!publicKey.allowCredentials?.length) {
        setError('You have no passkeys yet. Confirm with your password, and add a passkey on the Security page.');
        return;
      }
      const passkeyResponse = await answerWithPasskey(publicKey);
      await enter.mutateAsync({ passkeyResponse });
      void utils.me.sudo.status.invalidate();
      onConfirmed();
    } catch (err) {
      if (isPasskeyPromptError(err)) setError(describePasskeyPromptError(err));
      else if (errorReason(err) === 'INVALID_MFA_CODE') setError('That passkey was not accepted. Try again, or confirm with your password.');
      else if (isSignedOutError(err)) onSignedOut();
      else setError(describeError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="grid gap-3">
      <PasskeyButton pending={pending} onClick={() => void start()}>
        Use a passkey
      </PasskeyButton>
      {error ? (
        <Alert variant="destructive" role="alert">
          {error}
        </Alert>
      ) : null}
    </div>
  );
}
