import { rotateApiKey } from '../../../domain/api-keys.js';
import { sudoProcedure } from '../../../procedures.js';
import { rotateApiKeyInput } from '../../../schemas/api-keys.js';

export const rotate = sudoProcedure.input(rotateApiKeyInput).mutation(async ({ ctx, input }) => {
  await ctx.rateLimits.consume('keyMint', ctx.principal.userId);
  return rotateApiKey(ctx.em, ctx.principal, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
});
