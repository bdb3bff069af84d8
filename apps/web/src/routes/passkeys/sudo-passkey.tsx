import { errorReason, isSignedOutError } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';
import { answerWithPasskey, supportsPasskeys } from '../../lib/webauthn';
import { PasskeyPrompt, usePasskeyPrompt } from './passkey-prompt';

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
  const prompt = usePasskeyPrompt((err) => {
    if (errorReason(err) === 'INVALID_MFA_CODE') return 'That passkey was not accepted. Try again, or confirm with your password.';
    if (isSignedOutError(err)) {
      onSignedOut();
      return null;
    }
    return describeError(err);
  });

  if (!supportsPasskeys()) return null;

  const ceremony = async () => {
    const publicKey = await options.mutateAsync();
    // Without a passkey the browser would open a prompt that can only fail: say why instead.
    if (!publicKey.allowCredentials?.length) {
      return 'You have no passkeys yet. Confirm with your password, and add a passkey on the Security page.';
    }
    const passkeyResponse = await answerWithPasskey(publicKey);
    await enter.mutateAsync({ passkeyResponse });
    void utils.me.sudo.status.invalidate();
    onConfirmed();
  };

  return (
    <PasskeyPrompt prompt={prompt} ceremony={ceremony}>
      Use a passkey
    </PasskeyPrompt>
  );
}
