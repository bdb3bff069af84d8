import { listMembersFor } from '../../domain/member-list.js';
import { removeMember, setMemberRole, updateMember, viewMember } from '../../domain/members.js';
import { resetMemberMfa } from '../../domain/mfa/org-policy.js';
import { orgPermissionProcedure, orgSudoProcedure } from '../../procedures.js';
import { listMembersInput, memberIdInput, setRoleInput, updateMemberInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

const list = orgPermissionProcedure('members:read', 'team')
  .input(listMembersInput)
  .query(({ ctx, input }) => listMembersFor(ctx.em, ctx.access, input));

const get = orgPermissionProcedure('members:read', 'team')
  .input(memberIdInput)
  .query(({ ctx, input }) => viewMember(ctx.em, ctx.access, input.userId));

const update = orgPermissionProcedure('members:write', 'team')
  .input(updateMemberInput)
  .mutation(({ ctx, input: { userId, ...changes } }) => updateMember(ctx.em, actorOf(ctx), userId, changes));

/** A built-in role or a custom role's id; LAST_OWNER when it would leave the organisation without an owner. */
const setRole = orgPermissionProcedure('roles:assign')
  .input(setRoleInput)
  .mutation(({ ctx, input }) => setMemberRole(ctx.em, actorOf(ctx), input.userId, input.role));

/** Erases the member's account (SPEC §6), as self-deletion does. */
const remove = orgPermissionProcedure('members:write')
  .input(memberIdInput)
  .mutation(async ({ ctx, input }) => {
    await removeMember(ctx.em, actorOf(ctx), input.userId, ctx.rateLimits);
    return { ok: true as const };
  });

/** SPEC §9: a member who lost their factors gets them removed; every session of theirs ends. */
const resetMfa = orgSudoProcedure('members:write')
  .input(memberIdInput)
  .mutation(({ ctx, input }) => resetMemberMfa(ctx.em, ctx.principal, input.userId, ctx.meta));

export const membersRouter = router({ list, get, update, setRole, remove, resetMfa });
