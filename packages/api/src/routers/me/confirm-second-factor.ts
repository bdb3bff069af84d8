import type { Context } from '../../context.js';
import { recordAudit } from '../../domain/audit.js';
import { recordMfaEvent } from '../../domain/mfa/record-mfa-event.js';
import { useTotpCode } from '../../domain/mfa/totp.js';
import type { SessionPrincipal } from '../../domain/principal.js';
import { errors } from '../../errors.js';

/**
 * Step-up with the authenticator app instead of the password (SPEC §9). Counted against the same
 * sudo limit as passwords (only failures keep their point), and a code is accepted once, so a
 * code seen over a shoulder at sign-in cannot open sudo afterwards.
 */
export async function confirmTotpStepUp(ctx: Context & { principal: SessionPrincipal }, code: string): Promise<void> {
  const { principal } = ctx;
  await ctx.rateLimits.consume('sudo', principal.userId);
  const outcome = await useTotpCode(ctx.em, ctx.config, principal.userId, code);
  if (outcome !== 'rejected') {
    await ctx.rateLimits.refund('sudo', principal.userId);
    if (outcome === 'uncheckable') throw errors.totpUncheckable();
    return;
  }
  await ctx.em.transactional(async (tx) => {
    recordAudit(tx, {
      action: 'sudo.failed',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'session',
      targetId: principal.sessionId,
      metadata: { method: 'totp' },
      ...ctx.meta,
    });
    await recordMfaEvent(
      tx,
      {
        action: 'mfa.code_failed',
        userId: principal.userId,
        orgId: principal.orgId,
        actorId: principal.userId,
        via: 'session',
        metadata: { during: 'sudo' },
        notice: {
          title: 'A wrong two-factor code was entered',
          body: 'A wrong authenticator code was entered to confirm your identity in a signed-in Gatehouse session. If this wasn’t you, sign out every session and change your password.',
        },
      },
      ctx.meta,
    );
  });
  throw errors.invalidMfaCode();
}
