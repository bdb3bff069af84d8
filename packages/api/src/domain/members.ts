import { ApiKey, Membership, type EntityManager, type Role, type User } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { errors } from '../errors.js';
import { keyNotFound, listApiKeys, deleteApiKey, type ApiKeyMetadata } from './api-keys.js';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { eraseAccount } from './erasure.js';
import { notify } from './notifications.js';
import { lockOwnership } from './ownership.js';

export interface TeamRef {
  id: string;
  name: string;
}

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
  role: Role;
  joinedAt: string;
  teams: TeamRef[];
}

/** Same answer for a missing id and another organisation's: nothing to learn by probing. */
export const memberNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such member' });

/** The membership of `userId` in `orgId`, with its user; scoped by organisation in the query itself. */
export async function requireMember(em: EntityManager, orgId: string, userId: string): Promise<Membership> {
  const membership = await em.findOne(Membership, { organization: orgId, user: userId }, { populate: ['user'] });
  if (!membership) throw memberNotFound();
  return membership;
}

/** The teams of several users at once (one query, plain rows), by user id, in name order. */
export async function teamsOfUsers(em: EntityManager, orgId: string, userIds: string[]): Promise<Map<string, TeamRef[]>> {
  const byUser = new Map<string, TeamRef[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await em.execute<{ user_id: string; id: string; name: string }[]>(
    `select tm.user_id, t.id, t.name from team_member tm inner join team t on t.id = tm.team_id
     where tm.user_id in (?) and t.organization_id = ? order by t.name, t.id`,
    [userIds, orgId],
  );
  for (const row of rows) byUser.get(row.user_id)?.push({ id: row.id, name: row.name });
  return byUser;
}

/** The parts of a membership (and its user) a member row shows. */
export interface MemberRow {
  role: Role;
  createdAt: Date;
  user: Pick<User, 'id' | 'email' | 'displayName' | 'jobTitle' | 'department'>;
}

export function memberView(membership: MemberRow, teams: TeamRef[]): MemberView {
  const user = membership.user;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    role: membership.role,
    joinedAt: membership.createdAt.toISOString(),
    teams,
  };
}

export async function getMember(em: EntityManager, orgId: string, userId: string): Promise<MemberView> {
  const membership = await requireMember(em, orgId, userId);
  const teams = await teamsOfUsers(em, orgId, [userId]);
  return memberView(membership, teams.get(userId) ?? []);
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
    const user = (await requireMember(tx, orgId, userId)).user;
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

/** Takes effect on the member's very next request: principals read the role from the database. */
export async function setMemberRole(em: EntityManager, actor: AdminActor, userId: string, role: Role): Promise<MemberView> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    await lockOwnership(tx, orgId);
    const membership = await requireMember(tx, orgId, userId);
    const previous = membership.role;
    if (previous === role) return;
    if (role !== 'owner' && (await isLastOwner(tx, membership))) throw errors.lastOwner();
    membership.role = role;
    recordAdminAction(tx, actor, {
      action: 'member.role_changed',
      targetType: 'user',
      targetId: userId,
      metadata: { from: previous, to: role },
    });
    await notify(tx, userId, {
      category: 'organization',
      type: 'member.role_changed',
      title: `Your role is now ${role}`,
      body: `An owner of your organisation changed your role from ${previous} to ${role}.`,
    });
  });
  return getMember(em.fork(), orgId, userId);
}

/**
 * Removes a member by erasing their account, exactly as self-deletion does (SPEC §6). The last
 * owner stays. Never the caller themselves: deleting your own account needs your password and a
 * session (me.deleteAccount), which this path (open to org:write keys) would skip.
 */
export async function removeMember(em: EntityManager, actor: AdminActor, userId: string): Promise<void> {
  if (userId === actor.principal.userId) throw errors.notYourself();
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    await lockOwnership(tx, orgId);
    const membership = await requireMember(tx, orgId, userId);
    if (await isLastOwner(tx, membership)) throw errors.lastOwner();
    await eraseAccount(tx, userId, { actor: actor.principal, meta: actor.meta });
  });
}

export async function listMemberApiKeys(em: EntityManager, orgId: string, userId: string): Promise<ApiKeyMetadata[]> {
  await requireMember(em, orgId, userId);
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
  await deleteApiKey(em, actor.principal, key, actor.meta);
}
