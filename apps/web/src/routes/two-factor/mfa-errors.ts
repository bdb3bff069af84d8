import { errorReason } from '../../lib/api-error';
import { describeError } from '../../lib/describe-error';

/** A wrong, used or stale code: a typo to fix in the field, not a failure of the page. */
export function isInvalidMfaCode(err: unknown): boolean {
  return errorReason(err) === 'INVALID_MFA_CODE';
}

export const WRONG_AUTHENTICATOR_CODE =
  "That code didn't work. Enter the newest code from your app (each code works once); if it keeps failing, check that your device's clock is right.";

export const WRONG_BACKUP_CODE = "That backup code didn't work. It may be mistyped or already used: each code works once.";

/** The sentence for a failed code, for the field when it is the code's fault, else the form's alert. */
export function describeCodeError(err: unknown, wrongCode: string): { field: string | null; alert: string | null } {
  if (isInvalidMfaCode(err)) return { field: wrongCode, alert: null };
  return { field: null, alert: describeError(err) };
}
