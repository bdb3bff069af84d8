import { blankSessionCookie } from '../../auth/sessions.js';
import { signOutToken } from '../../domain/sessions.js';
import { interactiveProcedure } from '../../procedures.js';

/** Ends the session server-side (not just the cookie). Signing out twice is harmless. */
export const signOut = interactiveProcedure.mutation(async ({ ctx }) => {
  if (ctx.sessionToken) {
    await signOutToken(ctx.em, ctx.config, ctx.sessionToken, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
  }
  ctx.responseCookies.push(blankSessionCookie(ctx.config));
  return { ok: true as const };
});
