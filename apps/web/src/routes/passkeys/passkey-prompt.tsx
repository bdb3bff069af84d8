import { Alert } from '@gatehouse/ui/alert';
import { useState, type ReactNode } from 'react';
import { describePasskeyFailure } from '../../lib/webauthn';
import { PasskeyButton } from './passkey-button';

/**
 * A ceremony behind a passkey button: asks the server for options, has the browser's prompt
 * answer them, sends the answer. Resolves with a sentence when it stops short on purpose.
 */
export type PasskeyCeremony = () => Promise<string | void>;

export type PasskeyPromptState = {
  pending: boolean;
  error: string | null;
  run: (ceremony: PasskeyCeremony) => Promise<void>;
};

/**
 * The state of one passkey button: the spinner while the browser's prompt is open, and one
 * sentence when it fails. Each press runs the whole ceremony again, because a challenge is
 * single-use: a retry after a cancelled prompt needs fresh options from the server.
 *
 * `describeServerError` words the server's refusals for this screen; returning null means the
 * caller dealt with it (e.g. the session is gone and the shell is leaving the page).
 */
export function usePasskeyPrompt(describeServerError: (err: unknown) => string | null): PasskeyPromptState {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (ceremony: PasskeyCeremony) => {
    setError(null);
    setPending(true);
    try {
      const stoppedShort = await ceremony();
      if (stoppedShort) setError(stoppedShort);
    } catch (err) {
      setError(describePasskeyFailure(err, describeServerError));
    } finally {
      setPending(false);
    }
  };

  return { pending, error, run };
}

type PasskeyPromptProps = {
  prompt: PasskeyPromptState;
  ceremony: PasskeyCeremony;
  className?: string;
  /** The button's label, e.g. "Use a passkey". */
  children: ReactNode;
};

/** The passkey button, with its failure announced right under it, where the person is looking. */
export function PasskeyPrompt({ prompt, ceremony, className, children }: PasskeyPromptProps) {
  return (
    <div className="grid gap-3">
      <PasskeyButton pending={prompt.pending} onClick={() => void prompt.run(ceremony)} className={className}>
        {children}
      </PasskeyButton>
      {prompt.error ? (
        <Alert variant="destructive" role="alert">
          {prompt.error}
        </Alert>
      ) : null}
    </div>
  );
}
