import { errors } from '../errors.js';
import { middleware } from '../trpc.js';

/**
 * CSRF defence (SPEC §4): a state-changing call that a browser would authenticate with its
 * cookie, or any auth.* call (login CSRF), must come from our own origin, exactly.
 * Bearer-only calls carry no ambient credential, so they need no Origin.
 */
export const requireSameOrigin = middleware(({ ctx, type, path, next }) => {
  const cookieAuthenticated = ctx.sessionToken !== null;
  if (type === 'mutation' && (cookieAuthenticated || path.startsWith('auth.'))) {
    const origin = ctx.request.origin;
    if (origin !== ctx.config.appOrigin) {
      const alias = origin !== null && isLoopbackAlias(origin, ctx.config.appOrigin);
      throw errors.invalidOrigin(alias ? { origin, configured: ctx.config.appOrigin } : undefined);
    }
  }
  return next();
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * http://127.0.0.1:3000 when the server is configured as http://localhost:3000: the same server
 * under another name, so the refusal can say which address to open (reloading never helps).
 * Only loopback names, so the message tells a cross-site page nothing it could not know.
 */
export function isLoopbackAlias(origin: string, configured: string): boolean {
  try {
    const a = new URL(origin);
    const b = new URL(configured);
    return a.protocol === b.protocol && a.port === b.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
  } catch {
    return false;
  }
}
