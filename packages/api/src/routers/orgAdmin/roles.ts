import { createRole, deleteRole, listRoles, updateRole } from '../../domain/roles.js';
import { orgPermissionProcedure } from '../../procedures.js';
import { createRoleInput, roleIdInput, updateRoleInput } from '../../schemas/roles.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

// Building roles is handing on permissions: roles:assign, and never beyond what the actor holds.
const manage = orgPermissionProcedure('roles:assign');

const list = orgPermissionProcedure('members:read', 'team').query(({ ctx }) => listRoles(ctx.em, ctx.principal.orgId));

const create = manage.input(createRoleInput).mutation(({ ctx, input }) => createRole(ctx.em, actorOf(ctx), input));

const update = manage
  .input(updateRoleInput)
  .mutation(({ ctx, input: { roleId, ...changes } }) => updateRole(ctx.em, actorOf(ctx), roleId, changes));

const remove = manage.input(roleIdInput).mutation(async ({ ctx, input }) => {
  await deleteRole(ctx.em, actorOf(ctx), input.roleId);
  return { ok: true as const };
});

export const rolesRouter = router({ list, create, update, delete: remove });
