import { completeRotation as endPreviousSecret } from '../../../domain/api-keys.js';
import { sessionProcedure } from '../../../procedures.js';
import { apiKeyIdInput } from '../../../schemas/api-keys.js';

// Ending a secret early only takes rights away, so it needs no step-up.
export const completeRotation = sessionProcedure
  .input(apiKeyIdInput)
  .mutation(({ ctx, input }) =>
    endPreviousSecret(ctx.em, ctx.principal, input.keyId, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }),
  );
