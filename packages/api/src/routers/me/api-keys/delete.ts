import { deleteOwnApiKey } from '../../../domain/api-keys.js';
import { sessionProcedure } from '../../../procedures.js';
import { apiKeyIdInput } from '../../../schemas/api-keys.js';

// Revocation only takes rights away, so it needs no step-up: a user must always be able to kill a leaked key fast.
export const remove = sessionProcedure.input(apiKeyIdInput).mutation(async ({ ctx, input }) => {
  await deleteOwnApiKey(ctx.em, ctx.principal, input.keyId, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
  return { ok: true as const };
});
