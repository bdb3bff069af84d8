import { blankSessionCookie, invalidateSessionToken, validateSessionToken } from '../../auth/sessions.js';
import { recordAudit } from '../../domain/audit.js';
import { interactiveProcedure } from '../../procedures.js';

/** Ends the session server-side (not just the cookie). Signing out twice is harmless. */
export const signOut = interactiveProcedure.mutation(async ({ ctx }) => {
  if (ctx.sessionToken) {
    const session = await validateSessionToken(ctx.em, ctx.config, ctx.sessionToken);
    await invalidateSessionToken(ctx.em, ctx.config, ctx.sessionToken);
    if (session) {
      recordAudit(ctx.em, {
        action: 'user.signed_out',
        orgId: null,
        actorId: session.userId,
        via: 'session',
        targetType: 'session',
        targetId: session.id,
        ip: ctx.request.ip,
        userAgent: ctx.request.userAgent,
      });
      await ctx.em.flush();
    }
  }
  ctx.responseCookies.push(blankSessionCookie(ctx.config));
  return { ok: true as const };
});
