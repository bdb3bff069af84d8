import { Alert } from '@gatehouse/ui/alert';
import { useState } from 'react';
import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';
import { answerWithPasskey, describePasskeyPromptError, isPasskeyPromptError, supportsPasskeys } from '../../lib/webauthn';
import { PasskeyButton } from './passkey-button';

/** The second step after a password, finished with one of the account's passkeys. */
export function PasskeySecondStep({ onVerified }: { onVerified: () => Promise<void> | void }) {
  const options = trpc.auth.mfa.passkeyOptions.useMutation();
  const verify = trpc.auth.mfa.verify.useMutation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!supportsPasskeys()) return null;

  const start = async () => {
    setError(null);
    setPending(true);
    try {
      const passkeyResponse = await answerWithPasskey(await options.mutateAsync());
      await verify.mutateAsync({ passkeyResponse });
      await onVerified();
    } catch (err) {
      const reason = errorReason(err);
      if (isPasskeyPromptError(err)) setError(describePasskeyPromptError(err));
      else if (reason === 'INVALID_MFA_CODE') setError('That passkey was not accepted. Try again, or use a code.');
      else if (reason === 'MFA_REQUIRED') setError('This sign-in attempt has expired. Start again with your email and password.');
      else setError(describeError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="grid gap-3">
      <PasskeyButton pending={pending} onClick={() => void start()} className="w-full">
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
