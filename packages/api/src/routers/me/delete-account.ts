import { blankSessionCookie } from '../../auth/sessions.js';
import { eraseAccount } from '../../domain/erasure.js';
import { sessionProcedure } from '../../procedures.js';
import { deleteAccountInput } from '../../schemas/me.js';
import { confirmPassword } from './confirm-password.js';

/**
 * Self-service erasure. The password in the call is the step-up (no sudo window needed); a
 * wrong one counts as a failed sudo attempt and changes nothing.
 */
export const deleteAccount = sessionProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
  await ctx.rateLimits.consume('deletion', ctx.principal.userId);
  await confirmPassword(ctx, input.password);
  const result = await eraseAccount(ctx.em, ctx.principal.userId, {
    actor: ctx.principal,
    meta: { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
    limits: ctx.rateLimits,
  });
  ctx.responseCookies.push(blankSessionCookie(ctx.config));
  return { ok: true as const, organizationDeleted: result.organizationDeleted };
});
