import { deleteMemberApiKey, listMemberApiKeys } from '../../domain/members.js';
import { orgPermissionProcedure } from '../../procedures.js';
import { memberIdInput, memberKeyIdInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

/** A member's key metadata (never a secret or hash). There is deliberately no admin rotate. */
const list = orgPermissionProcedure('member-keys:read', 'team')
  .input(memberIdInput)
  .query(({ ctx, input }) => listMemberApiKeys(ctx.em, ctx.access, input.userId));

/** Revoked at once; the key's owner is notified. */
const remove = orgPermissionProcedure('member-keys:delete', 'team')
  .input(memberKeyIdInput)
  .mutation(async ({ ctx, input }) => {
    await deleteMemberApiKey(ctx.em, actorOf(ctx), input.keyId);
    return { ok: true as const };
  });

export const memberApiKeysRouter = router({ list, delete: remove });
