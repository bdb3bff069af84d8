import {
  createServiceAccount,
  deleteServiceAccount,
  getServiceAccount,
  listServiceAccounts,
  updateServiceAccount,
} from '../../../domain/service-accounts.js';
import { orgPermissionProcedure } from '../../../procedures.js';
import {
  createServiceAccountInput,
  serviceAccountIdInput,
  updateServiceAccountInput,
} from '../../../schemas/service-accounts.js';
import { router } from '../../../trpc.js';
import { actorOf } from '../actor.js';
import { serviceAccountKeysRouter } from './keys.js';

// Read like the member list (its own tab there); changed by holders of service-accounts:write.
const read = orgPermissionProcedure('members:read');
const write = orgPermissionProcedure('service-accounts:write');

export const serviceAccountsRouter = router({
  list: read.query(({ ctx }) => listServiceAccounts(ctx.em, ctx.principal.orgId)),
  get: read.input(serviceAccountIdInput).query(({ ctx, input }) => getServiceAccount(ctx.em, ctx.principal.orgId, input.serviceAccountId)),
  create: write.input(createServiceAccountInput).mutation(({ ctx, input }) => createServiceAccount(ctx.em, actorOf(ctx), input)),
  update: write
    .input(updateServiceAccountInput)
    .mutation(({ ctx, input: { serviceAccountId, ...changes } }) => updateServiceAccount(ctx.em, actorOf(ctx), serviceAccountId, changes)),
  delete: write.input(serviceAccountIdInput).mutation(async ({ ctx, input }) => {
    await deleteServiceAccount(ctx.em, actorOf(ctx), input.serviceAccountId);
    return { ok: true as const };
  }),
  keys: serviceAccountKeysRouter,
});
