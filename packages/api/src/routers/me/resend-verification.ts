import { resendVerification as mailNewLink } from '../../domain/email-verification.js';
import { sessionProcedure } from '../../procedures.js';

/** A fresh verification link (the older one stops working). Limited: each call mails someone. */
export const resendVerification = sessionProcedure.mutation(async ({ ctx }) => {
  await ctx.rateLimits.consume('verificationMail', ctx.principal.userId);
  return mailNewLink(ctx.em, ctx.principal.userId, ctx.config.appOrigin);
});
