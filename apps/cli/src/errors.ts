import type { AppRouter } from '@gatehouse/api';
import { TRPCClientError } from '@trpc/client';

/** Exit codes, documented in README.md: scripts branch on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** No key, a malformed key, or one the server refused (unknown, expired, revoked). */
  auth: 3,
  /** The key or its owner's role lacks the right. */
  forbidden: 4,
  rateLimited: 5,
  unreachable: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI explains in words and ends with a specific exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** SPEC §4 reason from the server, or the CLI's own (MISSING_API_KEY, UNREACHABLE …). */
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CallContext {
  url: string;
  /** The scope the command needs, named in the INSUFFICIENT_SCOPE message. */
  scope: string;
  /** Who may run the command, named in the INSUFFICIENT_ROLE message. */
  roles?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e instanceof Error && chain.length < 8; e = e.cause) chain.push(e);
  return chain;
}

function isTimeout(error: unknown): boolean {
  return causes(error).some((e) => e instanceof Error && e.name === 'TimeoutError');
}

function isNetworkFailure(error: unknown): boolean {
  return causes(error).some((e) => {
    if (!(e instanceof Error)) return false;
    const code = (e as { code?: unknown }).code;
    // undici reports every connection-level failure as TypeError('fetch failed').
    return (e instanceof TypeError && e.message === 'fetch failed') || (typeof code === 'string' && NETWORK_CODES.has(code));
  });
}

/** Turns whatever a call threw into the message and exit code the user sees. */
export function explainError(error: unknown, call: CallContext): CliError {
  if (error instanceof CliError) return error;
  if (isTimeout(error)) {
    return new CliError(`Gatehouse at ${call.url} did not answer in time.`, EXIT.unreachable, 'UNREACHABLE');
  }
  if (!(error instanceof TRPCClientError)) {
    return new CliError(error instanceof Error ? error.message : String(error), EXIT.failure);
  }
  const trpcError = error as TRPCClientError<AppRouter>;
  const data = trpcError.data;
  if (!data) {
    if (isNetworkFailure(trpcError)) {
      return new CliError(`Cannot reach Gatehouse at ${call.url}`, EXIT.unreachable, 'UNREACHABLE');
    }
    // Something answered, but not with tRPC JSON: a proxy's error page, or not Gatehouse at all.
    return new CliError(
      `Unexpected answer from ${call.url}: is GATEHOUSE_URL the address of a Gatehouse server? (${trpcError.message})`,
      EXIT.failure,
    );
  }
  switch (data.reason) {
    case 'INVALID_API_KEY':
      return new CliError('The API key is invalid, expired or revoked.', EXIT.auth, data.reason);
    case 'INSUFFICIENT_SCOPE':
      return new CliError(
        `This API key lacks the scope needed (${call.scope}). Create a key with that scope and try again.`,
        EXIT.forbidden,
        data.reason,
      );
    case 'INSUFFICIENT_ROLE':
      return new CliError(
        `Your role does not allow this${call.roles ? ` (it needs ${call.roles})` : ''}.`,
        EXIT.forbidden,
        data.reason,
      );
    case 'SESSION_REQUIRED':
      return new CliError(`${trpcError.message}. Use the web app for this.`, EXIT.forbidden, data.reason);
    case 'MFA_ENROLLMENT_REQUIRED':
      // Nothing a key can do about it: the owner has to enrol in a browser, then the same key works again.
      return new CliError(
        'Your organisation requires two-factor authentication and your account has none, so your API keys are refused (MFA_ENROLLMENT_REQUIRED). Sign in to the web app, set up two-factor authentication, then try again.',
        EXIT.forbidden,
        data.reason,
      );
    case 'RATE_LIMITED': {
      const seconds = data.retryAfterSeconds;
      const wait = seconds === undefined ? 'later' : `in ${humanDuration(seconds)}`;
      return new CliError(`Rate limited: try again ${wait}.`, EXIT.rateLimited, data.reason);
    }
    case 'VALIDATION': {
      const issues = (data.issues ?? []).map((i) => `  ${i.path.join('.') || '(input)'}: ${i.message}`);
      return new CliError(['Invalid input:', ...issues].join('\n'), EXIT.usage, data.reason);
    }
    default:
      if (data.code === 'NOT_FOUND' && trpcError.message.startsWith('No procedure found')) {
        return new CliError(`The Gatehouse server at ${call.url} does not offer this command (is it an older version?).`, EXIT.failure);
      }
      return new CliError(trpcError.message, EXIT.failure, data.reason ?? data.code);
  }
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "52 minutes", not "3110 seconds". Rounded up, so waiting as long as it says is always enough.
 */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return plural(Math.max(0, Math.ceil(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}
