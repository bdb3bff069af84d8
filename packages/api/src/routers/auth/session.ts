import { blankSessionCookie, sessionCookie, validateSessionToken } from '../../auth/sessions.js';
import { interactiveProcedure } from '../../procedures.js';

/**
 * Whether this browser is signed in, answered without a refusal: the web app asks it on every
 * signed-out page load, where `me.get`'s 401 would be an error in the console each time.
 * `ended`: the browser still held a session cookie the server no longer honours (revoked on
 * another device, or expired), so the app can say why the user is back at sign-in. The dead
 * cookie is cleared here, so that is said once. Suspension is left to `me.get` to report.
 */
export const session = interactiveProcedure.query(async ({ ctx }) => {
  if (!ctx.sessionToken) return { state: 'none' as const };
  const valid = await validateSessionToken(ctx.em, ctx.config, ctx.sessionToken);
  if (!valid?.membership) {
    ctx.responseCookies.push(blankSessionCookie(ctx.config));
    return { state: 'ended' as const };
  }
  if (valid.refreshCookie) ctx.responseCookies.push(sessionCookie(ctx.config, valid.token));
  return { state: 'active' as const };
});
