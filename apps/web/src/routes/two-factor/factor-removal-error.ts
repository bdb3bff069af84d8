import { isTRPCClientError } from '@trpc/client';
import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';

/**
 * Why removing an authenticator app or a passkey failed. MFA_REQUIRED there means it is the
 * last factor and the organisation requires one; the generic sentence for that reason asks for a
 * code, so the server's own explanation (add another factor first) is shown instead.
 */
export function describeFactorRemovalError(err: unknown): string {
  if (errorReason(err) === 'MFA_REQUIRED' && isTRPCClientError(err) && err.message) {
    return /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
  }
  return describeError(err);
}
