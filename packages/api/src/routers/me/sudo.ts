import { reissueSessionToken, sessionCookie } from '../../auth/sessions.js';
import { recordAudit } from '../../domain/audit.js';
import { sessionProcedure } from '../../procedures.js';
import { sudoEnterInput } from '../../schemas/me.js';
import { router } from '../../trpc.js';
import { confirmPassword } from './confirm-password.js';

const status = sessionProcedure.query(({ ctx }) => {
  const until = ctx.principal.sudoUntil;
  const active = until !== null && until.getTime() > Date.now();
  return { active, expiresAt: active ? until.toISOString() : null };
});

const enter = sessionProcedure.input(sudoEnterInput).mutation(async ({ ctx, input }) => {
  const { principal } = ctx;
  const meta = { ip: ctx.request.ip, userAgent: ctx.request.userAgent };
  await confirmPassword(ctx, input.password);

  const expiresAt = new Date(Date.now() + ctx.config.sudoWindowSeconds * 1000);
  // One transaction: the new token and its audit row land together or not at all.
  const { token } = await ctx.em.transactional(async (tx) => {
    const reissued = await reissueSessionToken(tx, ctx.config, principal.sessionId, {
      userId: principal.userId,
      sudoUntil: expiresAt,
      ...meta,
    });
    recordAudit(tx, {
      action: 'sudo.entered',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'session',
      targetId: principal.sessionId,
      ...meta,
    });
    await tx.flush();
    return reissued;
  });
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { expiresAt: expiresAt.toISOString() };
});

export const sudoRouter = router({ status, enter });
