import { addTeamMember, createTeam, deleteTeam, listTeams, removeTeamMember, renameTeam } from '../../domain/teams.js';
import { orgReadProcedure, orgWriteProcedure } from '../../procedures.js';
import { createTeamInput, renameTeamInput, teamIdInput, teamMemberInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

const ok = { ok: true as const };

const list = orgReadProcedure.query(({ ctx }) => listTeams(ctx.em, ctx.principal.orgId));

const create = orgWriteProcedure.input(createTeamInput).mutation(({ ctx, input }) => createTeam(ctx.em, actorOf(ctx), input.name));

const rename = orgWriteProcedure
  .input(renameTeamInput)
  .mutation(({ ctx, input }) => renameTeam(ctx.em, actorOf(ctx), input.teamId, input.name));

const remove = orgWriteProcedure.input(teamIdInput).mutation(async ({ ctx, input }) => {
  await deleteTeam(ctx.em, actorOf(ctx), input.teamId);
  return ok;
});

const addMember = orgWriteProcedure.input(teamMemberInput).mutation(async ({ ctx, input }) => {
  await addTeamMember(ctx.em, actorOf(ctx), input.teamId, input.userId);
  return ok;
});

const removeMember = orgWriteProcedure.input(teamMemberInput).mutation(async ({ ctx, input }) => {
  await removeTeamMember(ctx.em, actorOf(ctx), input.teamId, input.userId);
  return ok;
});

export const teamsRouter = router({ list, create, rename, delete: remove, addMember, removeMember });
