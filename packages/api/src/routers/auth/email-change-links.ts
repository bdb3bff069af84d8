import { cancelEmailChange as undoByOldAddress, confirmEmailChange as confirmByNewAddress } from '../../domain/email-change.js';
import { interactiveProcedure } from '../../procedures.js';
import { linkTokenInput } from '../../schemas/auth.js';

/** The link mailed to the new address: the change takes effect (EMAIL_TAKEN if it is someone's). */
export const confirmEmailChange = interactiveProcedure
  .input(linkTokenInput)
  .mutation(({ ctx, input }) => confirmByNewAddress(ctx.em, input.token, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }));

/** The "this wasn't me" link mailed to the old address: answers with a reset link's token. */
export const cancelEmailChange = interactiveProcedure
  .input(linkTokenInput)
  .mutation(({ ctx, input }) =>
    undoByOldAddress(ctx.em, input.token, ctx.config.appOrigin, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }),
  );
