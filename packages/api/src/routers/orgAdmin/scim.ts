import { createScimToken, listScimTokens, revokeScimToken } from '../../domain/scim/tokens.js';
import { orgPermissionProcedure, orgSudoProcedure } from '../../procedures.js';
import { createScimTokenInput, scimTokenIdInput } from '../../schemas/scim.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

// SPEC §11: admins see the tokens' metadata; holders of scim:manage mint (with sudo) and revoke.
const tokens = router({
  list: orgPermissionProcedure('members:read').query(({ ctx }) => listScimTokens(ctx.em, ctx.principal.orgId)),
  create: orgSudoProcedure('scim:manage')
    .input(createScimTokenInput)
    .mutation(({ ctx, input }) => createScimToken(ctx.em, actorOf(ctx), input.name)),
  // Revocation only takes rights away: no step-up, so a leaked token can be killed fast.
  revoke: orgPermissionProcedure('scim:manage')
    .input(scimTokenIdInput)
    .mutation(async ({ ctx, input }) => {
      await revokeScimToken(ctx.em, actorOf(ctx), input.tokenId);
      return { ok: true as const };
    }),
});

export const scimRouter = router({ tokens });
