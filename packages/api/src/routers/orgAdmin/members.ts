import { listMembers } from '../../domain/member-list.js';
import { getMember, removeMember, setMemberRole, updateMember } from '../../domain/members.js';
import { orgReadProcedure, orgWriteProcedure } from '../../procedures.js';
import { listMembersInput, memberIdInput, setRoleInput, updateMemberInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

const list = orgReadProcedure.input(listMembersInput).query(({ ctx, input }) => listMembers(ctx.em, ctx.principal.orgId, input));

const get = orgReadProcedure.input(memberIdInput).query(({ ctx, input }) => getMember(ctx.em, ctx.principal.orgId, input.userId));

const update = orgWriteProcedure
  .input(updateMemberInput)
  .mutation(({ ctx, input: { userId, ...changes } }) => updateMember(ctx.em, actorOf(ctx), userId, changes));

/** LAST_OWNER when it would leave the organisation without an owner. */
const setRole = orgWriteProcedure
  .input(setRoleInput)
  .mutation(({ ctx, input }) => setMemberRole(ctx.em, actorOf(ctx), input.userId, input.role));

/** Erases the member's account (SPEC §6), as self-deletion does. */
const remove = orgWriteProcedure.input(memberIdInput).mutation(async ({ ctx, input }) => {
  await removeMember(ctx.em, actorOf(ctx), input.userId);
  return { ok: true as const };
});

export const membersRouter = router({ list, get, update, setRole, remove });
