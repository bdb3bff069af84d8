import { blankSessionCookie } from '../../../auth/sessions.js';
import { recordAudit } from '../../../domain/audit.js';
import { listSessions, revokeOtherSessions, revokeSession } from '../../../domain/sessions.js';
import { sessionProcedure } from '../../../procedures.js';
import { sessionIdInput } from '../../../schemas/me.js';
import { router } from '../../../trpc.js';

const list = sessionProcedure.query(({ ctx }) =>
  listSessions(ctx.em, ctx.principal.userId, ctx.principal.sessionId),
);

const revoke = sessionProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
  const { principal } = ctx;
  await revokeSession(ctx.em, principal.userId, input.sessionId);
  recordAudit(ctx.em, {
    action: 'session.revoked',
    orgId: principal.orgId,
    actorId: principal.userId,
    via: 'session',
    targetType: 'session',
    targetId: input.sessionId,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  await ctx.em.flush();
  // Revoking the session you are using is signing out.
  const signedOut = input.sessionId === principal.sessionId;
  if (signedOut) ctx.responseCookies.push(blankSessionCookie(ctx.config));
  return { ok: true as const, signedOut };
});

const revokeOthers = sessionProcedure.mutation(async ({ ctx }) => {
  const { principal } = ctx;
  const revoked = await revokeOtherSessions(ctx.em, principal.userId, principal.sessionId);
  recordAudit(ctx.em, {
    action: 'session.revoked_others',
    orgId: principal.orgId,
    actorId: principal.userId,
    via: 'session',
    targetType: 'user',
    targetId: principal.userId,
    metadata: { count: revoked },
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  await ctx.em.flush();
  return { revoked };
});

/** The caller's own browser sessions. Interactive only: keys never see or end sessions. */
export const sessionsRouter = router({ list, revoke, revokeOthers });
