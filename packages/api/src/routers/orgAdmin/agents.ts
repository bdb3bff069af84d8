import { createAgent, deleteAgent } from '../../domain/agents.js';
import { orgPermissionProcedure } from '../../procedures.js';
import { agentIdInput, createAgentInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

// Reading agents is the team-scoped `agents` router, where owners see all of them.
const agentsWrite = orgPermissionProcedure('agents:write', 'team');

const create = agentsWrite
  .input(createAgentInput)
  .mutation(({ ctx, input }) => createAgent(ctx.em, actorOf(ctx), input.teamId, input.name));

const remove = agentsWrite.input(agentIdInput).mutation(async ({ ctx, input }) => {
  await deleteAgent(ctx.em, actorOf(ctx), input.agentId);
  return { ok: true as const };
});

export const orgAgentsRouter = router({ create, delete: remove });
