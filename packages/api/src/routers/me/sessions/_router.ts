import { blankSessionCookie } from '../../../auth/sessions.js';
import { listSessions, revokeOtherSessionsOf, revokeSession } from '../../../domain/sessions.js';
import { sessionProcedure } from '../../../procedures.js';
import { sessionIdInput } from '../../../schemas/me.js';
import { router } from '../../../trpc.js';

const list = sessionProcedure.query(({ ctx }) =>
  listSessions(ctx.em, ctx.principal.userId, ctx.principal.sessionId),
);

const revoke = sessionProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
  const { principal } = ctx;
  await revokeSession(ctx.em, principal, input.sessionId, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
  // Revoking the session you are using is signing out.
  const signedOut = input.sessionId === principal.sessionId;
  if (signedOut) ctx.responseCookies.push(blankSessionCookie(ctx.config));
  return { ok: true as const, signedOut };
});

const revokeOthers = sessionProcedure.mutation(async ({ ctx }) => {
  const revoked = await revokeOtherSessionsOf(ctx.em, ctx.principal, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
  return { revoked };
});

/** The caller's own browser sessions. Interactive only: keys never see or end sessions. */
export const sessionsRouter = router({ list, revoke, revokeOthers });
