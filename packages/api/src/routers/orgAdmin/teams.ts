import { setTeamMemberRole } from '../../domain/team-roles.js';
import { addTeamMember, createTeam, deleteTeam, listTeams, removeTeamMember, renameTeam } from '../../domain/teams.js';
import { orgPermissionProcedure } from '../../procedures.js';
import { setTeamMemberRoleInput } from '../../schemas/roles.js';
import { createTeamInput, renameTeamInput, teamIdInput, teamMemberInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

const ok = { ok: true as const };
// Team-scoped roles reach their own team: the domain functions check the team concerned.
const teamWrite = orgPermissionProcedure('teams:write', 'team');

const list = orgPermissionProcedure('teams:read', 'team').query(({ ctx }) => listTeams(ctx.em, ctx.access));

const create = orgPermissionProcedure('teams:write')
  .input(createTeamInput)
  .mutation(({ ctx, input }) => createTeam(ctx.em, actorOf(ctx), input.name));

const rename = teamWrite
  .input(renameTeamInput)
  .mutation(({ ctx, input }) => renameTeam(ctx.em, actorOf(ctx), input.teamId, input.name));

const remove = teamWrite.input(teamIdInput).mutation(async ({ ctx, input }) => {
  await deleteTeam(ctx.em, actorOf(ctx), input.teamId);
  return ok;
});

const addMember = teamWrite.input(teamMemberInput).mutation(async ({ ctx, input }) => {
  await addTeamMember(ctx.em, actorOf(ctx), input.teamId, input.userId);
  return ok;
});

const removeMember = teamWrite.input(teamMemberInput).mutation(async ({ ctx, input }) => {
  await removeTeamMember(ctx.em, actorOf(ctx), input.teamId, input.userId);
  return ok;
});

/** A custom role within this team only (roleId null: none); places the member in the team if needed. */
const setMemberRole = orgPermissionProcedure('roles:assign', 'team')
  .input(setTeamMemberRoleInput)
  .mutation(({ ctx, input }) => setTeamMemberRole(ctx.em, actorOf(ctx), input));

export const teamsRouter = router({ list, create, rename, delete: remove, addMember, removeMember, setMemberRole });
