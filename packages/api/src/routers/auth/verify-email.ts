import { verifyEmail as followVerificationLink } from '../../domain/email-verification.js';
import { interactiveProcedure } from '../../procedures.js';
import { linkTokenInput } from '../../schemas/auth.js';

/** The mailed link, opened: proves the address. Needs no session (it may open in another browser). */
export const verifyEmail = interactiveProcedure
  .input(linkTokenInput)
  .mutation(({ ctx, input }) =>
    followVerificationLink(ctx.em, input.token, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }),
  );
