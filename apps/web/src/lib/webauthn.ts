import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';

// The browser half of WebAuthn, through @simplewebauthn/browser: the server's options in, the
// authenticator's answer out as JSON for the next call. Nothing here decides anything.

export const supportsPasskeys = (): boolean => browserSupportsWebAuthn();

/*
 * The options are what @simplewebauthn/server generated, as JSON; after tRPC's type inference the
 * extension inputs' byte buffers no longer line up with the DOM's, though the server never sets
 * any. Hence the one cast each, here at the boundary.
 */

export function createPasskey(options: object): Promise<RegistrationResponseJSON> {
  return startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
}

export function answerWithPasskey(options: object): Promise<AuthenticationResponseJSON> {
  return startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON });
}

/**
 * True when the browser's own passkey prompt ended without an answer: the person cancelled it,
 * it timed out, or no passkey was offered. Not a failure worth more than a sentence.
 */
export function isPasskeyPromptDismissed(err: unknown): boolean {
  if (err instanceof WebAuthnError) return err.code === 'ERROR_CEREMONY_ABORTED' || err.name === 'NotAllowedError';
  return err instanceof Error && (err.name === 'NotAllowedError' || err.name === 'AbortError');
}

/** The sentence for a failure of the browser's prompt (not of the server). */
function describePasskeyPromptError(err: unknown): string {
  if (isPasskeyPromptDismissed(err)) return 'The passkey prompt was closed before it finished. Try again when you are ready.';
  if (err instanceof WebAuthnError && err.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return 'This passkey is already on your account.';
  }
  if (err instanceof WebAuthnError && err.code === 'ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT') {
    return 'This device cannot check it is you (with a PIN, fingerprint or face), which Gatehouse needs for a passkey.';
  }
  return 'Your browser could not use a passkey here. Try again, or use another sign-in method.';
}

/** Errors thrown by the browser's prompt, as opposed to our server's. */
function isPasskeyPromptError(err: unknown): boolean {
  return err instanceof WebAuthnError || (err instanceof Error && ['NotAllowedError', 'AbortError', 'InvalidStateError', 'SecurityError', 'NotSupportedError'].includes(err.name));
}

/**
 * The sentence for a failed passkey ceremony. The browser's prompt fails in its own ways (closed,
 * timed out, no passkey for this site) that the server never saw, worded here once; anything else
 * is the server's answer, which each screen words for itself (null when it handled it otherwise).
 */
export function describePasskeyFailure(err: unknown, describeServerError: (err: unknown) => string | null): string | null {
  return isPasskeyPromptError(err) ? describePasskeyPromptError(err) : describeServerError(err);
}
