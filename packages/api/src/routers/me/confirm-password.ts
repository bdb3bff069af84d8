import { verifyPassword } from '../../auth/passwords.js';
import type { Context } from '../../context.js';
import { passwordHashOf } from '../../domain/accounts.js';
import { recordAudit } from '../../domain/audit.js';
import type { SessionPrincipal } from '../../domain/principal.js';
import { errors } from '../../errors.js';

/**
 * Re-authentication inside a sensitive call (sudo entry, password change, account deletion).
 * Each attempt takes a point from the sudo limit and a correct password gives it back, so only
 * failures count and concurrent guesses cannot slip past. A wrong password never ends the session.
 */
export async function confirmPassword(
  ctx: Context & { principal: SessionPrincipal },
  password: string,
): Promise<void> {
  const { principal } = ctx;
  await ctx.rateLimits.consume('sudo', principal.userId);
  if (await verifyPassword(await passwordHashOf(ctx.em, principal.userId), password)) {
    await ctx.rateLimits.refund('sudo', principal.userId);
    return;
  }
  recordAudit(ctx.em, {
    action: 'sudo.failed',
    orgId: principal.orgId,
    actorId: principal.userId,
    via: 'session',
    targetType: 'session',
    targetId: principal.sessionId,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  await ctx.em.flush();
  throw errors.wrongPassword();
}
