import { createApiKey } from '../../../domain/api-keys.js';
import { requireVerifiedEmail, sudoProcedure } from '../../../procedures.js';
import { createApiKeyInput } from '../../../schemas/api-keys.js';

/** Minting a credential: step-up required, and rate-limited together with rotation. */
export const create = sudoProcedure.use(requireVerifiedEmail).input(createApiKeyInput).mutation(async ({ ctx, input }) => {
  await ctx.rateLimits.consume('keyMint', ctx.principal.userId);
  return createApiKey(ctx.em, ctx.principal, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
});
