import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** The one list of error reasons (SPEC §4). Clients switch on these, never on messages. */
export const REASONS = [
  'INVALID_CREDENTIALS',
  'INVALID_API_KEY',
  'SESSION_REQUIRED',
  'SUDO_REQUIRED',
  'INSUFFICIENT_ROLE',
  'INSUFFICIENT_SCOPE',
  'RATE_LIMITED',
  'EMAIL_TAKEN',
  'SOLE_OWNER',
  'LAST_OWNER',
  'INVALID_ORIGIN',
  'VALIDATION',
  // SPEC §11: the identity provider suspended the member (or an owner disabled the service account).
  'ACCOUNT_SUSPENDED',
  // SPEC §8: the address is not proven yet; a mailed link is unknown, expired or used.
  'EMAIL_UNVERIFIED',
  'INVALID_TOKEN',
  // SPEC §9: a second factor is due; the code offered was wrong; the organisation requires MFA first.
  'MFA_REQUIRED',
  'INVALID_MFA_CODE',
  'MFA_ENROLLMENT_REQUIRED',
] as const;
export type Reason = (typeof REASONS)[number];

/** Carried as the TRPCError's cause, so the error formatter can put it on `error.data`. */
export class ReasonCause extends Error {
  constructor(
    readonly reason: Reason,
    readonly extra: { retryAfterSeconds?: number } = {},
  ) {
    super(reason);
    this.name = 'ReasonCause';
  }
}

export function appError(
  code: TRPC_ERROR_CODE_KEY,
  reason: Reason,
  message: string,
  extra?: { retryAfterSeconds?: number },
): TRPCError {
  return new TRPCError({ code, message, cause: new ReasonCause(reason, extra) });
}

export const errors = {
  invalidCredentials: () => appError('UNAUTHORIZED', 'INVALID_CREDENTIALS', 'Email or password is incorrect'),
  wrongPassword: () => appError('UNAUTHORIZED', 'INVALID_CREDENTIALS', 'Password is incorrect'),
  invalidApiKey: () => appError('UNAUTHORIZED', 'INVALID_API_KEY', 'API key is invalid, expired or revoked'),
  signInRequired: () => appError('UNAUTHORIZED', 'SESSION_REQUIRED', 'Sign in to continue'),
  sessionRequired: () =>
    appError('FORBIDDEN', 'SESSION_REQUIRED', 'This action needs an interactive session, not an API key'),
  sudoRequired: () => appError('FORBIDDEN', 'SUDO_REQUIRED', 'Confirm your password to continue'),
  insufficientRole: () => appError('FORBIDDEN', 'INSUFFICIENT_ROLE', 'Your role does not allow this action'),
  insufficientScope: (scope: string) =>
    appError('FORBIDDEN', 'INSUFFICIENT_SCOPE', `This API key lacks the ${scope} scope`),
  rateLimited: (retryAfterSeconds: number) =>
    appError('TOO_MANY_REQUESTS', 'RATE_LIMITED', `Too many attempts; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    }),
  tooManyPendingInvitations: (max: number, retryAfterSeconds: number) =>
    appError(
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
      `Your organisation already has ${max} pending invitations: revoke some, or wait until they are accepted or expire`,
      { retryAfterSeconds },
    ),
  emailTaken: () => appError('CONFLICT', 'EMAIL_TAKEN', 'An account with this email already exists'),
  soleOwner: () =>
    appError('CONFLICT', 'SOLE_OWNER', 'You are the only owner: make another member an owner first'),
  lastOwner: () => appError('CONFLICT', 'LAST_OWNER', 'An organisation must keep at least one owner'),
  /** With `openAt`, the page was opened at another name for this same server: say which to use. */
  invalidOrigin: (openAt?: { origin: string; configured: string }) =>
    appError(
      'FORBIDDEN',
      'INVALID_ORIGIN',
      openAt
        ? `This page was opened at ${openAt.origin}, but Gatehouse only accepts requests from ${openAt.configured}: open ${openAt.configured} instead`
        : 'Request origin not allowed',
    ),
  validation: (message: string) => appError('BAD_REQUEST', 'VALIDATION', message),
  accountSuspended: () => appError('FORBIDDEN', 'ACCOUNT_SUSPENDED', 'This account is suspended by your organisation'),
  // No reason: nothing the caller did; Retry-After says when to try again.
  serviceUnavailable: (cause: unknown) =>
    new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The service is briefly unavailable; retry in a few seconds', cause }),
  emailUnverified: () =>
    appError('FORBIDDEN', 'EMAIL_UNVERIFIED', 'Confirm your email address first: open the link we mailed you'),
  invalidToken: () =>
    appError('BAD_REQUEST', 'INVALID_TOKEN', 'This link is invalid, has expired or was already used'),
  invalidMfaCode: () => appError('UNAUTHORIZED', 'INVALID_MFA_CODE', 'That code is not valid: check your authenticator app or backup codes'),
  /**
   * The app's secret opens under none of the server's keys (MFA_ENCRYPTION_KEY changed without the
   * old one kept): no code can be checked, and saying "wrong code" would be untrue and alarming.
   */
  totpUncheckable: () =>
    appError(
      'UNAUTHORIZED',
      'INVALID_MFA_CODE',
      'Your authenticator app cannot be checked at the moment: use a passkey or a backup code, or ask an owner to reset your two-factor authentication',
    ),
  /** The password step was not done in this browser, or was more than five minutes ago. */
  pendingSignInGone: () =>
    appError('UNAUTHORIZED', 'MFA_REQUIRED', 'Your sign-in expired or was started in another browser: enter your password again'),
  ownerNeedsMfa: () =>
    appError('FORBIDDEN', 'MFA_REQUIRED', 'Turn on two-factor authentication for your own account before requiring it of everyone'),
  /**
   * A 412, not a 403: the caller may manage their own factors, and nothing here is a security
   * denial worth an audit row; the account's state is what stands in the way, and adding a
   * factor first lifts it.
   */
  lastFactorUnderPolicy: () =>
    appError(
      'PRECONDITION_FAILED',
      'MFA_REQUIRED',
      'Your organisation requires two-factor authentication: add another factor before removing this one',
    ),
  noSecondFactor: () => appError('BAD_REQUEST', 'VALIDATION', 'Two-factor authentication is not turned on for this account'),
  mfaEnrollmentRequired: () =>
    appError(
      'FORBIDDEN',
      'MFA_ENROLLMENT_REQUIRED',
      'Your organisation requires two-factor authentication: turn it on in your security settings to continue',
    ),
  notYourself: () =>
    appError('BAD_REQUEST', 'VALIDATION', 'To delete your own account, use your privacy settings (it asks for your password)'),
};

export function reasonOf(error: unknown): Reason | undefined {
  return error instanceof TRPCError && error.cause instanceof ReasonCause ? error.cause.reason : undefined;
}
