import { errorReason } from '../../lib/api-error';

/**
 * The password step's pending sign-in is gone: older than five minutes, started in another
 * browser, or ended by too many wrong codes. The server says MFA_REQUIRED (a factor is still due,
 * but there is nothing left to attach it to): only starting again helps.
 */
export function isPendingSignInGone(err: unknown): boolean {
  const reason: string | undefined = errorReason(err);
  return reason === 'MFA_REQUIRED';
}
