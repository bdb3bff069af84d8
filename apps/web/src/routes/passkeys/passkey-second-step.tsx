import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';
import { answerWithPasskey, supportsPasskeys } from '../../lib/webauthn';
import { PasskeyPrompt, usePasskeyPrompt } from './passkey-prompt';

/** The second step after a password, finished with one of the account's passkeys. */
export function PasskeySecondStep({ onVerified }: { onVerified: () => Promise<void> | void }) {
  const options = trpc.auth.mfa.passkeyOptions.useMutation();
  const verify = trpc.auth.mfa.verify.useMutation();
  const prompt = usePasskeyPrompt((err) => {
    const reason = errorReason(err);
    if (reason === 'INVALID_MFA_CODE') return 'That passkey was not accepted. Try again, or use a code.';
    if (reason === 'MFA_REQUIRED') return 'This sign-in attempt has expired. Start again with your email and password.';
    return describeError(err);
  });

  if (!supportsPasskeys()) return null;

  const ceremony = async () => {
    const passkeyResponse = await answerWithPasskey(await options.mutateAsync());
    await verify.mutateAsync({ passkeyResponse });
    await onVerified();
  };

  return (
    <PasskeyPrompt prompt={prompt} ceremony={ceremony} className="w-full">
      Use a passkey
    </PasskeyPrompt>
  );
}
