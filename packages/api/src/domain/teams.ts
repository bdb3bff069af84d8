import { Team, TeamMember, UniqueConstraintViolationException, newId, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { ZodRealError } from 'zod';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { canOrgWide, requireInTeam, teamsWhere, type Access } from './effective-permissions.js';
import { requireMember } from './members.js';
import { notify } from './notifications.js';

export interface TeamView {
  id: string;
  name: string;
  memberCount: number;
  agentCount: number;
  createdAt: string;
}

export const teamNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such team' });

/**
 * A name already used in the organisation (in any letter case). CONFLICT, with reason VALIDATION
 * and an issue on `name`, so a form shows it next to the field like any other validation error.
 */
const duplicateTeamName = (): TRPCError => {
  const message = 'A team with this name already exists';
  return new TRPCError({
    code: 'CONFLICT',
    message,
    cause: new ZodRealError([{ code: 'custom', path: ['name'], message, input: undefined }]),
  });
};

/** Scoped by organisation in the query itself: another org's team id is simply not found. */
export async function requireTeam(em: EntityManager, orgId: string, teamId: string): Promise<Team> {
  const team = await em.findOne(Team, { id: teamId, organization: orgId });
  if (!team) throw teamNotFound();
  return team;
}

async function countsBy(em: EntityManager, table: 'team_member' | 'agent', teamIds: string[]) {
  // em.execute joins the caller's transaction (a bare knex query would wait for SQLite's one connection).
  const rows = await em.execute<{ team_id: string; n: number | string }[]>(
    `select team_id, count(*) as n from ${table} where team_id in (?) group by team_id`,
    [teamIds],
  );
  return new Map(rows.map((r) => [r.team_id, Number(r.n)]));
}

/**
 * Every team of the organisation with its member and agent counts (three queries in all); a
 * holder of a team-scoped role sees only the teams it reaches.
 */
export async function listTeams(em: EntityManager, access: Access): Promise<TeamView[]> {
  const orgId = access.principal.orgId;
  const within = canOrgWide(access, 'teams:read') ? {} : { id: { $in: teamsWhere(access, 'teams:read') } };
  const teams = await em.find(Team, { organization: orgId, ...within }, { orderBy: { name: 'asc', id: 'asc' } });
  if (teams.length === 0) return [];
  const ids = teams.map((t) => t.id);
  const [members, agents] = [await countsBy(em, 'team_member', ids), await countsBy(em, 'agent', ids)];
  return teams.map((t) => teamView(t, members.get(t.id) ?? 0, agents.get(t.id) ?? 0));
}

function teamView(team: Team, memberCount: number, agentCount: number): TeamView {
  return { id: team.id, name: team.name, memberCount, agentCount, createdAt: team.createdAt.toISOString() };
}

async function assertNameFree(em: EntityManager, orgId: string, name: string, exceptId?: string): Promise<void> {
  const teams = await em.find(Team, { organization: orgId }, { fields: ['id', 'name'] });
  const wanted = name.toLocaleLowerCase();
  if (teams.some((t) => t.id !== exceptId && t.name.toLocaleLowerCase() === wanted)) throw duplicateTeamName();
}

/** Two concurrent creates of one name: the unique index decides, the loser gets the same error. */
async function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw duplicateTeamName();
    throw error;
  }
}

export async function createTeam(em: EntityManager, actor: AdminActor, name: string): Promise<TeamView> {
  const orgId = actor.principal.orgId;
  return uniqueName(() =>
    em.transactional(async (tx) => {
      await assertNameFree(tx, orgId, name);
      // Ids are assigned at flush; the audit row needs this one now.
      const team = tx.create(Team, { id: newId(), organization: orgId, name });
      recordAdminAction(tx, actor, { action: 'team.created', targetType: 'team', targetId: team.id, metadata: { name } });
      await tx.flush();
      return teamView(team, 0, 0);
    }),
  );
}

export async function renameTeam(em: EntityManager, actor: AdminActor, teamId: string, name: string): Promise<TeamView> {
  const orgId = actor.principal.orgId;
  await uniqueName(() =>
    em.transactional(async (tx) => {
      const team = await requireTeam(tx, orgId, teamId);
      requireInTeam(actor.access, 'teams:write', team.id);
      if (team.name === name) return;
      await assertNameFree(tx, orgId, name, team.id);
      recordAdminAction(tx, actor, {
        action: 'team.renamed',
        targetType: 'team',
        targetId: team.id,
        metadata: { from: team.name, to: name },
      });
      team.name = name;
    }),
  );
  const fresh = em.fork();
  const team = await requireTeam(fresh, orgId, teamId);
  const [members, agents] = [await countsBy(fresh, 'team_member', [teamId]), await countsBy(fresh, 'agent', [teamId])];
  return teamView(team, members.get(teamId) ?? 0, agents.get(teamId) ?? 0);
}

/** The team's places and agents go with it (foreign keys cascade); its members lose those agents at once. */
export async function deleteTeam(em: EntityManager, actor: AdminActor, teamId: string): Promise<void> {
  await em.transactional(async (tx) => {
    const team = await requireTeam(tx, actor.principal.orgId, teamId);
    requireInTeam(actor.access, 'teams:write', team.id);
    const [members, agents] = [await countsBy(tx, 'team_member', [teamId]), await countsBy(tx, 'agent', [teamId])];
    recordAdminAction(tx, actor, {
      action: 'team.deleted',
      targetType: 'team',
      targetId: team.id,
      metadata: { name: team.name, memberCount: members.get(teamId) ?? 0, agentCount: agents.get(teamId) ?? 0 },
    });
    await tx.flush();
    await tx.nativeDelete(Team, { id: team.id, organization: actor.principal.orgId });
  });
}

/** Idempotent: adding a member already in the team changes nothing and tells nobody. */
export async function addTeamMember(em: EntityManager, actor: AdminActor, teamId: string, userId: string): Promise<void> {
  const orgId = actor.principal.orgId;
  try {
    await em.transactional(async (tx) => {
      const team = await requireTeam(tx, orgId, teamId);
      await requireMember(tx, orgId, userId);
      requireInTeam(actor.access, 'teams:write', team.id);
      if (await tx.count(TeamMember, { team: teamId, user: userId })) return;
      tx.create(TeamMember, { team, user: userId });
      recordAdminAction(tx, actor, {
        action: 'team.member_added',
        targetType: 'user',
        targetId: userId,
        metadata: { teamId, teamName: team.name },
      });
      await notify(tx, userId, {
        category: 'teams',
        type: 'team.member_added',
        title: `You were added to the team "${team.name}"`,
        body: `An owner of your organisation added you to the team "${team.name}". You can now use its agents.`,
      });
    });
  } catch (error) {
    // A concurrent identical add won the race: the member is in the team, which is what was asked.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
}

/** Idempotent too. The member stops seeing the team's agents on their very next request. */
export async function removeTeamMember(
  em: EntityManager,
  actor: AdminActor,
  teamId: string,
  userId: string,
): Promise<void> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    const team = await requireTeam(tx, orgId, teamId);
    await requireMember(tx, orgId, userId);
    requireInTeam(actor.access, 'teams:write', team.id);
    const removed = await tx.nativeDelete(TeamMember, { team: teamId, user: userId });
    if (removed === 0) return;
    recordAdminAction(tx, actor, {
      action: 'team.member_removed',
      targetType: 'user',
      targetId: userId,
      metadata: { teamId, teamName: team.name },
    });
    await notify(tx, userId, {
      category: 'teams',
      type: 'team.member_removed',
      title: `You were removed from the team "${team.name}"`,
      body: `An owner of your organisation removed you from the team "${team.name}". Its agents are no longer available to you.`,
    });
  });
}
