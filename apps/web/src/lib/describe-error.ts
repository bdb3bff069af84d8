import { isTRPCClientError } from '@trpc/client';
import { errorData, isNetworkFailure, type ErrorReason } from './api-error';
import { isSudoCancelled } from './sudo-prompt';

const NETWORK = "Can't reach Gatehouse. Check your connection.";
const GENERIC = 'Something went wrong on our side. Please try again.';
const INVALID_DETAILS = 'Some of the details you entered are not valid.';

/** "30 seconds", "1 minute", "5 minutes", "2 hours": rounded up, so waiting that long always works. */
export function formatWait(totalSeconds: number | undefined): string {
  if (totalSeconds === undefined || !Number.isFinite(totalSeconds) || totalSeconds <= 0) {
    return 'a moment';
  }
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (totalSeconds < 60) return plural(Math.ceil(totalSeconds), 'second');
  const minutes = Math.ceil(totalSeconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  return plural(Math.ceil(minutes / 60), 'hour');
}

const reasonMessages: Record<Exclude<ErrorReason, 'RATE_LIMITED' | 'VALIDATION'>, string> = {
  INVALID_CREDENTIALS: 'Email or password is incorrect.',
  INVALID_API_KEY: 'This API key is not valid. It may have expired or been revoked.',
  SESSION_REQUIRED: 'Your session has ended. Sign in again to continue.',
  SUDO_REQUIRED: 'Confirm your password to continue.',
  INSUFFICIENT_ROLE: "Your role in this organisation doesn't allow this.",
  INSUFFICIENT_SCOPE: "This API key doesn't have permission to do this.",
  EMAIL_TAKEN: 'An account with this email already exists.',
  SOLE_OWNER:
    'You are the only owner of this organisation. Make another member an owner before you continue.',
  LAST_OWNER: 'An organisation needs at least one owner. Make someone else an owner first.',
  ACCOUNT_SUSPENDED:
    "Your organisation has suspended your account. Ask an administrator of your organisation's identity provider to restore it.",
  EMAIL_UNVERIFIED: 'Confirm your email address first: open the link we mailed you, or send a new one from the banner above.',
  INVALID_TOKEN: 'This link is not valid any more. It may have expired or already been used.',
  MFA_REQUIRED: 'Enter a code from your authenticator app or a backup code to continue.',
  INVALID_MFA_CODE: 'That code is not valid. Check your authenticator app or backup codes and try again.',
  MFA_ENROLLMENT_REQUIRED:
    'Your organisation requires two-factor authentication. Turn it on in your security settings to continue.',
  INVALID_ORIGIN:
    'Gatehouse refused this request because it did not come from the Gatehouse website. Reload the page and try again.',
};

const codeMessages: Record<string, string> = {
  UNAUTHORIZED: 'Sign in to continue.',
  FORBIDDEN: "You don't have permission to do this.",
  NOT_FOUND: "We couldn't find what you were looking for. It may have been removed.",
  CONFLICT: 'Someone else changed this at the same time. Reload and try again.',
  TOO_MANY_REQUESTS: 'Too many attempts. Try again in a moment.',
  PAYLOAD_TOO_LARGE: 'That is too much data to send at once.',
  BAD_REQUEST: INVALID_DETAILS,
  TIMEOUT: 'Gatehouse took too long to answer. Please try again.',
};

/**
 * The one place that turns a failed call into a sentence a person understands. Screens show
 * this instead of a status code; forms first place VALIDATION issues under their fields.
 */
export function describeError(err: unknown): string {
  if (isSudoCancelled(err)) return 'You cancelled the password confirmation, so nothing was changed.';

  const data = errorData(err);
  if (!data) {
    // A call that got no tRPC answer at all (offline, server down, a proxy's 502 page) is
    // an unreachable server from where the user sits.
    return isNetworkFailure(err) || isTRPCClientError(err) ? NETWORK : GENERIC;
  }

  switch (data.reason) {
    case undefined:
    case null:
      break;
    case 'RATE_LIMITED':
      return `Too many attempts. Try again in ${formatWait(data.retryAfterSeconds)}.`;
    case 'VALIDATION': {
      // Issue messages come from the shared zod schemas, or the server's own sentence without issues.
      const messages = [...new Set((data.issues ?? []).map((issue) => issue.message))];
      if (messages.length === 0 && isTRPCClientError(err) && err.message) messages.push(err.message);
      return messages.length > 0
        ? messages.map((m) => (/[.!?]$/.test(m) ? m : `${m}.`)).join(' ')
        : INVALID_DETAILS;
    }
    case 'MFA_REQUIRED':
    case 'INVALID_MFA_CODE':
      // Each has several meanings (a code is due, the sign-in expired, the last factor cannot go
      // while the organisation requires one, the app cannot be checked), and the server's sentence
      // names the one that applies; the generic sentence covers an answer without one.
      return serverSentence(err) ?? reasonMessages[data.reason];
    case 'INVALID_ORIGIN':
      // The server names the address to open when this page was opened at another name for it.
      if (isTRPCClientError(err) && err.message.includes('only accepts requests from')) return `${err.message}.`;
      return reasonMessages.INVALID_ORIGIN;
    default:
      // `??` covers a reason added on the server before this list learns it.
      return reasonMessages[data.reason] ?? GENERIC;
  }

  return (data.code && codeMessages[data.code]) || GENERIC;
}

/** The server's own message for this failure, as a sentence; null when it sent none. */
function serverSentence(err: unknown): string | null {
  if (!isTRPCClientError(err) || !err.message) return null;
  return /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
}
