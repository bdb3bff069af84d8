import { ApiKey, Membership, TeamMember, type EntityManager, type Role, type User } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { errors } from '../errors.js';
import { keyNotFound, listApiKeys, deleteApiKey, type ApiKeyMetadata } from './api-keys.js';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { finishErasure, removeAccount, type ErasureRequest } from './erasure.js';
import { notify } from './notifications.js';
import { canInTeam, canOrgWide, type Access } from './effective-permissions.js';
import { lockOwnership } from './ownership.js';
import type { OrgPermission } from './permissions.js';
import { assertMayGrant, resolveRole, type RoleRef } from './roles.js';
import { hasSecondFactor } from './second-factors.js';

export interface TeamRef {
  id: string;
  name: string;
}

export interface RoleRefView {
  id: string;
  name: string;
}

/** A team a member belongs to, with the custom role they hold within it (present only when held). */
export interface MemberTeam extends TeamRef {
  role?: RoleRefView;
}

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
  /** The built-in role (`member` when a custom role is held org-wide). */
  role: Role;
  // The fields below are present only when they say something (absent: no custom role, active,
  // not linked to an identity provider), so a plain member reads as it always has.
  /** The custom role held org-wide. */
  customRole?: RoleRefView;
  /** Suspended by the identity provider (SCIM `active: false`): no session or key of theirs works. */
  suspended?: true;
  /** Linked to the organisation's identity provider (created or matched over SCIM). */
  scimManaged?: true;
  joinedAt: string;
  teams: MemberTeam[];
  /** Holds a TOTP app or a passkey (SPEC §9); backup codes alone do not count. */
  mfaEnabled: boolean;
}

/** Same answer for a missing id and another organisation's: nothing to learn by probing. */
export const memberNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such member' });

/** The membership of `userId` in `orgId`, with its user; scoped by organisation in the query itself. */
export async function requireMember(em: EntityManager, orgId: string, userId: string): Promise<Membership> {
  // People only: service accounts are managed through their own procedures.
  const membership = await em.findOne(Membership, { organization: orgId, user: userId, kind: 'person' }, { populate: ['user'] });
  if (!membership) throw memberNotFound();
  return membership;
}

/** The teams of several users at once (one query, plain rows), by user id, in name order. */
export async function teamsOfUsers(em: EntityManager, orgId: string, userIds: string[]): Promise<Map<string, MemberTeam[]>> {
  const byUser = new Map<string, MemberTeam[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await em.execute<{ user_id: string; id: string; name: string; role_id: string | null; role_name: string | null }[]>(
    `select tm.user_id, t.id, t.name, r.id as role_id, r.name as role_name
       from team_member tm inner join team t on t.id = tm.team_id
       left join org_role r on r.id = tm.role_id and r.organization_id = t.organization_id
     where tm.user_id in (?) and t.organization_id = ? order by t.name, t.id`,
    [userIds, orgId],
  );
  for (const row of rows) {
    const role = row.role_id && row.role_name ? { role: { id: row.role_id, name: row.role_name } } : {};
    byUser.get(row.user_id)?.push({ id: row.id, name: row.name, ...role });
  }
  return byUser;
}

/** The parts of a membership (and its user) a member row shows. */
export interface MemberRow {
  role: Role;
  createdAt: Date;
  customRole: RoleRefView | null;
  suspendedAt?: Date | null | undefined;
  externalId?: string | null | undefined;
  user: Pick<User, 'id' | 'email' | 'displayName' | 'jobTitle' | 'department'>;
}

export function memberView(membership: MemberRow, teams: MemberTeam[], mfaEnabled: boolean): MemberView {
  const user = membership.user;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    role: membership.role,
    ...(membership.customRole ? { customRole: membership.customRole } : {}),
    ...(membership.suspendedAt ? { suspended: true as const } : {}),
    ...(membership.externalId ? { scimManaged: true as const } : {}),
    joinedAt: membership.createdAt.toISOString(),
    teams,
    mfaEnabled,
  };
}

export async function getMember(em: EntityManager, orgId: string, userId: string): Promise<MemberView> {
  const membership = await requireMember(em, orgId, userId);
  const teams = await teamsOfUsers(em, orgId, [userId]);
  const customRole = membership.roleId ? await resolveRole(em, orgId, membership.roleId as RoleRef).catch(() => null) : null;
  return memberView(
    { ...membership, customRole: customRole?.custom ? { id: customRole.custom.id, name: customRole.custom.name } : null },
    teams.get(userId) ?? [],
    await hasSecondFactor(em, userId),
  );
}

/**
 * The member, if the caller may use `permission` on them: org-wide, or through a team-scoped
 * role in one of the teams the member belongs to. Unknown and other organisations' members are
 * NOT_FOUND first, whatever the caller holds.
 */
export async function requireMemberWithin(
  em: EntityManager,
  access: Access,
  permission: OrgPermission,
  userId: string,
): Promise<Membership> {
  const membership = await requireMember(em, access.principal.orgId, userId);
  if (canOrgWide(access, permission)) return membership;
  const places = await em.find(TeamMember, { user: userId, team: { organization: access.principal.orgId } }, { fields: ['team'] });
  if (!places.some((p) => canInTeam(access, permission, p.team.id))) throw errors.insufficientRole();
  return membership;
}

/** members.get: org-wide readers, or team-scoped readers for members of their teams. */
export async function viewMember(em: EntityManager, access: Access, userId: string): Promise<MemberView> {
  await requireMemberWithin(em, access, 'members:read', userId);
  return getMember(em, access.principal.orgId, userId);
}

export interface MemberChanges {
  displayName?: string | undefined;
  jobTitle?: string | null | undefined;
  department?: string | null | undefined;
}

/** The org-managed attributes only; audits which fields changed, not their values. */
export async function updateMember(
  em: EntityManager,
  actor: AdminActor,
  userId: string,
  changes: MemberChanges,
): Promise<MemberView> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    const user = (await requireMemberWithin(tx, actor.access, 'members:write', userId)).user;
    const changed: string[] = [];
    for (const field of ['displayName', 'jobTitle', 'department'] as const) {
      const value = changes[field];
      if (value !== undefined && value !== (user[field] ?? null)) {
        Object.assign(user, { [field]: value });
        changed.push(field);
      }
    }
    if (changed.length === 0) return;
    recordAdminAction(tx, actor, { action: 'member.updated', targetType: 'user', targetId: userId, metadata: { fields: changed } });
  });
  return getMember(em.fork(), orgId, userId);
}

async function isLastOwner(tx: EntityManager, membership: Membership): Promise<boolean> {
  if (membership.role !== 'owner') return false;
  return (await tx.count(Membership, { organization: membership.organization.id, role: 'owner' })) <= 1;
}

/**
 * Gives a member a built-in role or a custom role org-wide. Takes effect on the member's very
 * next request: principals read roles from the database. No escalation: the new role, and the
 * one it replaces, must lie within what the actor holds; only owners make (or unmake) owners.
 */
export async function setMemberRole(em: EntityManager, actor: AdminActor, userId: string, ref: RoleRef): Promise<MemberView> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    await lockOwnership(tx, orgId);
    const membership = await requireMember(tx, orgId, userId);
    const next = await resolveRole(tx, orgId, ref);
    const current = await resolveRole(tx, orgId, (membership.roleId as RoleRef | null) ?? membership.role);
    assertMayGrant(actor, actor.access.org, next);
    assertMayGrant(actor, actor.access.org, current);
    const nextRoleId = next.custom?.id ?? null;
    if (membership.role === next.builtIn && (membership.roleId ?? null) === nextRoleId) return;
    if (next.builtIn !== 'owner' && (await isLastOwner(tx, membership))) throw errors.lastOwner();
    membership.role = next.builtIn;
    membership.roleId = nextRoleId;
    recordAdminAction(tx, actor, {
      action: 'member.role_changed',
      targetType: 'user',
      targetId: userId,
      metadata: { from: current.name, to: next.name, ...(nextRoleId ? { roleId: nextRoleId } : {}) },
    });
    await notify(tx, userId, {
      category: 'organization',
      type: 'member.role_changed',
      title: `Your role is now ${next.name}`,
      body: `An administrator of your organisation changed your role from ${current.name} to ${next.name}.`,
    });
  });
  return getMember(em.fork(), orgId, userId);
}

/**
 * Removes a member by erasing their account, exactly as self-deletion does (SPEC §6). The last
 * owner stays. Never the caller themselves: deleting your own account needs your password and a
 * session (me.deleteAccount), which this path (open to org:write keys) would skip.
 */
export async function removeMember(
  em: EntityManager,
  actor: AdminActor,
  userId: string,
  limits: ErasureRequest['limits'],
): Promise<void> {
  if (userId === actor.principal.userId) throw errors.notYourself();
  const orgId = actor.principal.orgId;
  const erased = await em.transactional(async (tx) => {
    await lockOwnership(tx, orgId);
    const membership = await requireMember(tx, orgId, userId);
    if (await isLastOwner(tx, membership)) throw errors.lastOwner();
    return removeAccount(tx, userId, { actor: actor.principal, meta: actor.meta, limits });
  });
  // After the commit: the audit rewrite runs outside the organisation's lock.
  await finishErasure(em, erased, limits);
}

export async function listMemberApiKeys(em: EntityManager, access: Access, userId: string): Promise<ApiKeyMetadata[]> {
  await requireMemberWithin(em, access, 'member-keys:read', userId);
  return listApiKeys(em, userId);
}

/** An owner revokes a member's key; deleteApiKey audits it and tells the key's owner. */
export async function deleteMemberApiKey(em: EntityManager, actor: AdminActor, keyId: string): Promise<void> {
  // Scoped through the key owner's membership in the query itself: another org's key is not found.
  const key = await em
    .createQueryBuilder(ApiKey, 'k')
    .select('*')
    .where({ id: keyId })
    .andWhere('exists (select 1 from membership m where m.user_id = k.user_id and m.organization_id = ?)', [
      actor.principal.orgId,
    ])
    .getSingleResult();
  if (!key) throw keyNotFound();
  await requireMemberWithin(em, actor.access, 'member-keys:delete', key.user.id).catch((error: unknown) => {
    // A service account's key is not a member's key: managed through serviceAccounts.keys.
    throw error instanceof TRPCError && error.code === 'NOT_FOUND' ? keyNotFound() : error;
  });
  await deleteApiKey(em, actor.principal, key, actor.meta);
}
