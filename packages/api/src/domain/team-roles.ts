import { TeamMember, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { heldInTeam, requireInTeam } from './effective-permissions.js';
import { requireMember } from './members.js';
import { notify } from './notifications.js';
import { parsePermissions } from './permissions.js';
import type { RoleId } from '../schemas/org-admin.js';
import { errors } from '../errors.js';
import { assertWithin, isBuiltInRole, requireRole, resolveRole } from './roles.js';
import { requireTeam } from './teams.js';

/**
 * Gives a member a custom role within one team (SPEC §12), where its permissions reach only that
 * team, its members and its agents; `roleId: null` takes it away (they stay in the team).
 * Someone not yet in the team joins it with the role, which also needs teams:write there.
 * No escalation: the role given, and any role it replaces, lie within what the actor holds in
 * that team. Felt on the member's very next request.
 */
export async function setTeamMemberRole(
  em: EntityManager,
  actor: AdminActor,
  input: { teamId: string; userId: string; roleId: string | null },
): Promise<{ teamId: string; userId: string; role: { id: string; name: string } | null }> {
  const orgId = actor.principal.orgId;
  return em.transactional(async (tx) => {
    const team = await requireTeam(tx, orgId, input.teamId);
    await requireMember(tx, orgId, input.userId);
    // An unknown role is a bad value, as in members.setRole; built-in roles are org-wide only.
    if (input.roleId && isBuiltInRole(input.roleId as RoleId)) throw errors.validation('Only custom roles are given within a team');
    const role = input.roleId ? (await resolveRole(tx, orgId, input.roleId as RoleId)).custom : null;
    requireInTeam(actor.access, 'roles:assign', team.id);
    const held = heldInTeam(actor.access, team.id);
    if (role) assertWithin(held, parsePermissions(role.permissions));

    let place = await tx.findOne(TeamMember, { team: team.id, user: input.userId });
    if (place?.roleId) {
      const current = await requireRole(tx, orgId, place.roleId).catch(() => null);
      if (current) assertWithin(held, parsePermissions(current.permissions));
    }
    const view = { teamId: team.id, userId: input.userId, role: role ? { id: role.id, name: role.name } : null };
    if (!place) {
      if (!role) throw new TRPCError({ code: 'NOT_FOUND', message: 'This member is not in the team' });
      requireInTeam(actor.access, 'teams:write', team.id);
      place = tx.create(TeamMember, { team, user: input.userId, roleId: role.id });
      recordAdminAction(tx, actor, {
        action: 'team.member_added',
        targetType: 'user',
        targetId: input.userId,
        metadata: { teamId: team.id, teamName: team.name },
      });
    } else if ((place.roleId ?? null) === (role?.id ?? null)) {
      return view;
    } else {
      place.roleId = role?.id ?? null;
    }
    recordAdminAction(tx, actor, {
      action: 'team.member_role_changed',
      targetType: 'user',
      targetId: input.userId,
      metadata: { teamId: team.id, teamName: team.name, roleId: role?.id ?? null, roleName: role?.name ?? null },
    });
    await notify(tx, input.userId, {
      category: 'teams',
      type: 'team.member_role_changed',
      title: role ? `You are now ${role.name} in the team "${team.name}"` : `Your role in the team "${team.name}" was removed`,
      body: role
        ? `An administrator gave you the role ${role.name} within the team "${team.name}".`
        : `An administrator took away your role within the team "${team.name}". You are still in the team.`,
    });
    return view;
  });
}
