import { getVisibleAgent, listVisibleAgents } from '../../domain/agents.js';
import { permissionProcedure } from '../../procedures.js';
import { agentIdInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';

const agentsRead = permissionProcedure('agents:read');

/** The team-scoped resource: the agents of the caller's current teams (owners: all of the org's). */
export const agentsRouter = router({
  list: agentsRead.query(({ ctx }) => listVisibleAgents(ctx.em, ctx.principal)),
  get: agentsRead.input(agentIdInput).query(({ ctx, input }) => getVisibleAgent(ctx.em, ctx.principal, input.agentId)),
});
