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
    if (ctx.request.origin !== ctx.config.appOrigin) throw errors.invalidOrigin();
  }
  return next();
});
