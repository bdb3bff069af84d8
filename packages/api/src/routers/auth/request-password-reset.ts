import { requestPasswordReset as mailResetLink } from '../../domain/password-reset.js';
import { interactiveProcedure } from '../../procedures.js';
import { requestPasswordResetInput } from '../../schemas/auth.js';

/**
 * The same answer whether or not the address has an account. Limited per address (a mailbox is
 * not flooded) and per IP (nobody sprays addresses), both taken before anything else runs.
 */
export const requestPasswordReset = interactiveProcedure
  .input(requestPasswordResetInput)
  .mutation(async ({ ctx, input }) => {
    await ctx.rateLimits.consume('passwordResetByIp', ctx.request.ip ?? 'unknown');
    await ctx.rateLimits.consume('passwordResetByEmail', input.email);
    return mailResetLink(ctx.em, input.email, ctx.config.appOrigin, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
  });
