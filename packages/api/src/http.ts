import type { TRPCError } from '@trpc/server';
import { createContextInner, type Context, type InnerContextOptions } from './context.js';
import { ReasonCause } from './errors.js';

/** What a 503 (database away) tells a client to wait before it tries again. */
const UNAVAILABLE_RETRY_SECONDS = 5;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The HTTP side of the context: reads the credentials and request facts off the headers. */
export function createContext(
  opts: Omit<InnerContextOptions, 'request'> & { headers: Headers; ip: string | null },
): Context {
  return createContextInner({
    ...opts,
    onePrincipalPerRequest: true,
    request: {
      ip: opts.ip,
      userAgent: header(opts.headers, 'user-agent'),
      origin: header(opts.headers, 'origin'),
      cookieHeader: header(opts.headers, 'cookie'),
      authorization: header(opts.headers, 'authorization'),
    },
  });
}

/** Set-Cookie from the procedures, and Retry-After when a call was rate-limited. */
export function responseHeaders(ctx: Context | undefined, errors: readonly TRPCError[]): Headers {
  const headers: Headers = {};
  if (ctx?.responseCookies.length) headers['set-cookie'] = [...ctx.responseCookies];
  const waits = errors
    .map((e) => (e.cause instanceof ReasonCause ? e.cause.extra.retryAfterSeconds : undefined))
    .filter((s): s is number => s !== undefined);
  if (waits.length) headers['retry-after'] = String(Math.max(...waits));
  else if (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')) headers['retry-after'] = String(UNAVAILABLE_RETRY_SECONDS);
  // Responses that may set or depend on a session must never be stored by a shared cache.
  headers['cache-control'] = 'no-store';
  return headers;
}
