import type { AppRouter } from '@gatehouse/api';
import { isTRPCClientError } from '@trpc/client';
import type { inferRouterError } from '@trpc/server';

/** What the server's error formatter puts on `error.data` (code, reason, issues, retryAfterSeconds). */
type ServerErrorData = inferRouterError<AppRouter>['data'];

/** Reasons from SPEC §4: the server's one list of why a call was refused. */
export type ErrorReason = NonNullable<ServerErrorData['reason']>;

export type ValidationIssue = { path: (string | number)[]; message: string };

/**
 * The `data` of a tRPC error, read defensively: it is whatever crossed the wire, and a proxy or
 * an outage can put something that is not a tRPC error in its place.
 */
export function errorData(err: unknown): Partial<ServerErrorData> | undefined {
  if (!isTRPCClientError(err)) return undefined;
  const data: unknown = err.data;
  return typeof data === 'object' && data !== null ? data : undefined;
}

export function errorReason(err: unknown): ErrorReason | undefined {
  return errorData(err)?.reason ?? undefined;
}

export function validationIssues(err: unknown): ValidationIssue[] | undefined {
  const data = errorData(err);
  if (data?.reason !== 'VALIDATION' || !Array.isArray(data.issues)) return undefined;
  return data.issues.filter((issue) => typeof issue.message === 'string');
}

/**
 * True when the browser has no usable session. A wrong password is also UNAUTHORIZED on the
 * wire (as is a refused second factor), but it never ends a session, so it must not send anyone back to the sign-in page.
 */
export function isSignedOutError(err: unknown): boolean {
  const data = errorData(err);
  return data?.code === 'UNAUTHORIZED' && data.reason !== 'INVALID_CREDENTIALS' && data.reason !== 'INVALID_MFA_CODE';
}

/** The request never got a tRPC answer: offline, DNS, server down. */
export function isNetworkFailure(err: unknown): boolean {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return true;
  const cause = isTRPCClientError(err) ? err.cause : err;
  return cause instanceof TypeError;
}

/** Client errors won't change on a retry; only outages and server faults might. */
export function isWorthRetrying(err: unknown): boolean {
  const code = errorData(err)?.code;
  return code === undefined || code === 'INTERNAL_SERVER_ERROR' || code === 'TIMEOUT';
}
