/**
 * Link tokens (invitations, password resets, email verification and email-change links) are
 * bearer credentials: whoever reads one in a log can use it (SPEC §8). Every log line passes
 * through `redactLinkTokens` on its way out, whatever wrote it (our request logging, Fastify's
 * own "route not found", an error message quoting a URL), at every level.
 */

/** Pages whose next path segment is a link token: add here the page of every new kind of mailed link. */
export const LINK_TOKEN_PATHS: readonly string[] = [
  '/invite/',
  '/reset-password/',
  '/verify-email/',
  '/confirm-email/',
  '/cancel-email-change/',
];

/** Input and query-string fields that carry a link token. */
export const LINK_TOKEN_FIELDS: readonly string[] = ['token'];

export const REDACTED = '[redacted]';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fields = LINK_TOKEN_FIELDS.map(escape).join('|');

const patterns: [RegExp, string][] = [
  // /invite/<token> in a path or a full URL. Case-insensitive: the web app's routes are too.
  [new RegExp(`(${LINK_TOKEN_PATHS.map(escape).join('|')})[^/?#\\s"'\\\\<>]+`, 'gi'), `$1${REDACTED}`],
  // "token":"…" anywhere in a JSON line, at any depth (escaped quotes included).
  [new RegExp(`("(?:${fields})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'g'), `$1${REDACTED}"`],
  // ?token=… or &token=… in a query string.
  [new RegExp(`([?&](?:${fields})=)[^&#\\s"]*`, 'gi'), `$1${REDACTED}`],
  // The same field URL-encoded inside a tRPC ?input= ("token":"…" as %22token%22%3A%22…%22).
  [new RegExp(`(%22(?:${fields})%22(?:%3A|:)%22)(?:(?!%22)[^&#\\s"])*`, 'gi'), `$1${REDACTED}`],
];

/** `text` with every link token it carries replaced by `[redacted]`. */
export function redactLinkTokens(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** What of a request URL a log line may carry: the path, without the query, tokens redacted. */
export function loggablePath(url: string): string {
  const queryAt = url.indexOf('?');
  return redactLinkTokens(queryAt < 0 ? url : url.slice(0, queryAt));
}
