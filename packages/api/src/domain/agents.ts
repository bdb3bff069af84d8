import { Agent, TeamMember, newId, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { canOrgWide, loadAccess, requireInTeam } from './effective-permissions.js';
import type { Principal } from './principal.js';
import { requireTeam } from './teams.js';

export interface AgentView {
  id: string;
  name: string;
  team: { id: string; name: string };
  createdAt: string;
}

/** Missing, another organisation's, and outside the caller's teams all look the same. */
export const agentNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such agent' });

function agentView(agent: Agent): AgentView {
  return {
    id: agent.id,
    name: agent.name,
    team: { id: agent.team.id, name: agent.team.name },
    createdAt: agent.createdAt.toISOString(),
  };
}

/**
 * Which agents the principal may see, as a query condition: owners (and holders of agents:read
 * org-wide through a custom role) see all of the organisation's; everyone else (admins
 * included) the agents of the teams they belong to right now, read afresh on every request, so
 * leaving a team hides its agents at once.
 */
async function visibility(em: EntityManager, principal: Principal) {
  const org = { organization: principal.orgId };
  if (principal.role === 'owner') return org;
  if (canOrgWide(await loadAccess(em, principal), 'agents:read')) return org;
  const places = await em.find(
    TeamMember,
    { user: principal.userId, team: { organization: principal.orgId } },
    { fields: ['team'] },
  );
  return { ...org, team: { $in: places.map((p) => p.team.id) } };
}

export async function listVisibleAgents(em: EntityManager, principal: Principal): Promise<AgentView[]> {
  const agents = await em.find(Agent, await visibility(em, principal), {
    populate: ['team'],
    orderBy: { team: { name: 'asc' }, name: 'asc', id: 'asc' },
  });
  return agents.map(agentView);
}

export async function getVisibleAgent(em: EntityManager, principal: Principal, agentId: string): Promise<AgentView> {
  const agent = await em.findOne(Agent, { id: agentId, ...(await visibility(em, principal)) }, { populate: ['team'] });
  if (!agent) throw agentNotFound();
  return agentView(agent);
}

export async function createAgent(em: EntityManager, actor: AdminActor, teamId: string, name: string): Promise<AgentView> {
  return em.transactional(async (tx) => {
    const team = await requireTeam(tx, actor.principal.orgId, teamId);
    requireInTeam(actor.access, 'agents:write', team.id);
    const agent = tx.create(Agent, { id: newId(), organization: actor.principal.orgId, team, name });
    recordAdminAction(tx, actor, {
      action: 'agent.created',
      targetType: 'agent',
      targetId: agent.id,
      metadata: { name, teamId: team.id, teamName: team.name },
    });
    await tx.flush();
    return agentView(agent);
  });
}

export async function deleteAgent(em: EntityManager, actor: AdminActor, agentId: string): Promise<void> {
  await em.transactional(async (tx) => {
    const agent = await tx.findOne(Agent, { id: agentId, organization: actor.principal.orgId });
    if (!agent) throw agentNotFound();
    requireInTeam(actor.access, 'agents:write', agent.team.id);
    recordAdminAction(tx, actor, {
      action: 'agent.deleted',
      targetType: 'agent',
      targetId: agent.id,
      metadata: { name: agent.name, teamId: agent.team.id },
    });
    await tx.flush();
    await tx.nativeDelete(Agent, { id: agent.id, organization: actor.principal.orgId });
  });
}
