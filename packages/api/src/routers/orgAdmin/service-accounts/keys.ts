import {
  completeServiceAccountKeyRotation,
  createServiceAccountKey,
  deleteServiceAccountKey,
  rotateServiceAccountKey,
} from '../../../domain/service-accounts.js';
import { orgSudoProcedure, requireVerifiedEmail } from '../../../procedures.js';
import {
  createServiceAccountKeyInput,
  rotateServiceAccountKeyInput,
  serviceAccountKeyIdInput,
} from '../../../schemas/service-accounts.js';
import { router } from '../../../trpc.js';
import { actorOf } from '../actor.js';

// Credentials of the organisation: session, service-accounts:write and sudo (SPEC §12).
const manage = orgSudoProcedure('service-accounts:write');

export const serviceAccountKeysRouter = router({
  /** The secret is returned this once; minting and rotating share the minter's key-mint limit. */
  create: manage.use(requireVerifiedEmail).input(createServiceAccountKeyInput).mutation(async ({ ctx, input: { serviceAccountId, ...key } }) => {
    await ctx.rateLimits.consume('keyMint', ctx.principal.userId);
    return createServiceAccountKey(ctx.em, actorOf(ctx), serviceAccountId, key);
  }),
  rotate: manage.input(rotateServiceAccountKeyInput).mutation(async ({ ctx, input: { serviceAccountId, ...rotation } }) => {
    await ctx.rateLimits.consume('keyMint', ctx.principal.userId);
    return rotateServiceAccountKey(ctx.em, actorOf(ctx), serviceAccountId, rotation);
  }),
  completeRotation: manage
    .input(serviceAccountKeyIdInput)
    .mutation(({ ctx, input }) => completeServiceAccountKeyRotation(ctx.em, actorOf(ctx), input.serviceAccountId, input.keyId)),
  delete: manage.input(serviceAccountKeyIdInput).mutation(async ({ ctx, input }) => {
    await deleteServiceAccountKey(ctx.em, actorOf(ctx), input.serviceAccountId, input.keyId);
    return { ok: true as const };
  }),
});
