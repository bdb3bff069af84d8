import { ApiKey, Membership, Team, TeamMember, User, newId, type EntityManager, type Role } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import type { RoleId } from '../schemas/org-admin.js';
import {
  completeRotation,
  deleteApiKey,
  listApiKeys,
  mintApiKey,
  ownKey,
  rotateKeyOf,
  type ApiKeyMetadata,
  type CreateApiKey,
} from './api-keys.js';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { loadAccess, roleScopes } from './effective-permissions.js';
import type { RoleRefView } from './members.js';
import { assertMayGrant, resolveRole } from './roles.js';
import { teamNotFound } from './teams.js';

export interface ServiceAccountView {
  id: string;
  name: string;
  role: Role;
  customRole: RoleRefView | null;
  teams: { id: string; name: string }[];
  createdAt: string;
  keys: ApiKeyMetadata[];
}

export const serviceAccountNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such service account' });

/** Service accounts cannot sign in: no password, and an address nobody can receive mail at. */
const addressOf = (id: string): string => `${id}@service-accounts.gatehouse.invalid`;

async function requireServiceAccount(em: EntityManager, orgId: string, id: string): Promise<Membership> {
  const membership = await em.findOne(
    Membership,
    { organization: orgId, user: id, kind: 'service_account' },
    { populate: ['user'] },
  );
  if (!membership) throw serviceAccountNotFound();
  return membership;
}

async function requireTeams(em: EntityManager, orgId: string, teamIds: string[]): Promise<Team[]> {
  const teams = teamIds.length ? await em.find(Team, { id: { $in: teamIds }, organization: orgId }) : [];
  if (teams.length !== teamIds.length) throw teamNotFound();
  return teams;
}

async function view(em: EntityManager, membership: Membership): Promise<ServiceAccountView> {
  const orgId = membership.organization.id;
  const places = await em.find(TeamMember, { user: membership.user.id, team: { organization: orgId } }, { populate: ['team'] });
  const role = membership.roleId ? await resolveRole(em, orgId, membership.roleId as RoleId).catch(() => null) : null;
  return {
    id: membership.user.id,
    name: membership.user.displayName,
    role: membership.role,
    customRole: role?.custom ? { id: role.custom.id, name: role.custom.name } : null,
    teams: places.map((p) => ({ id: p.team.id, name: p.team.name })).sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: membership.createdAt.toISOString(),
    keys: await listApiKeys(em, membership.user.id),
  };
}

export async function listServiceAccounts(em: EntityManager, orgId: string): Promise<ServiceAccountView[]> {
  const memberships = await em.find(
    Membership,
    { organization: orgId, kind: 'service_account' },
    { populate: ['user'], orderBy: { user: { displayName: 'asc' }, id: 'asc' } },
  );
  const views: ServiceAccountView[] = [];
  for (const m of memberships) views.push(await view(em, m));
  return views;
}

export async function getServiceAccount(em: EntityManager, orgId: string, id: string): Promise<ServiceAccountView> {
  return view(em, await requireServiceAccount(em, orgId, id));
}

/**
 * An org-owned identity for automation: a user row that can never sign in, a membership of kind
 * `service_account` with its role, and its teams. It belongs to the organisation: no member's
 * departure touches it. No escalation: its role lies within what the creator holds.
 */
export async function createServiceAccount(
  em: EntityManager,
  actor: AdminActor,
  input: { name: string; role: 'admin' | 'member' | RoleId; teamIds: string[] },
): Promise<ServiceAccountView> {
  const orgId = actor.principal.orgId;
  const id = await em.transactional(async (tx) => {
    const role = await resolveRole(tx, orgId, input.role);
    assertMayGrant(actor, actor.access.org, role);
    const teams = await requireTeams(tx, orgId, input.teamIds);
    const userId = newId();
    const user = tx.create(User, {
      id: userId,
      email: addressOf(userId),
      displayName: input.name,
      passwordHash: '',
      timezone: 'UTC',
      locale: 'en',
    });
    tx.create(Membership, { user, organization: orgId, role: role.builtIn, roleId: role.custom?.id ?? null, kind: 'service_account' });
    for (const team of teams) tx.create(TeamMember, { team, user });
    recordAdminAction(tx, actor, {
      action: 'service_account.created',
      targetType: 'service_account',
      targetId: user.id,
      metadata: { name: input.name, role: role.name, teamIds: input.teamIds },
    });
    await tx.flush();
    return user.id;
  });
  return getServiceAccount(em.fork(), orgId, id);
}

export async function updateServiceAccount(
  em: EntityManager,
  actor: AdminActor,
  id: string,
  changes: { name?: string | undefined; role?: 'admin' | 'member' | RoleId | undefined; teamIds?: string[] | undefined },
): Promise<ServiceAccountView> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    const membership = await requireServiceAccount(tx, orgId, id);
    const current = await resolveRole(tx, orgId, (membership.roleId as RoleId | null) ?? membership.role);
    // An account that reaches beyond the actor is not theirs to change.
    assertMayGrant(actor, actor.access.org, current);
    const changed: Record<string, unknown> = {};
    if (changes.name !== undefined && changes.name !== membership.user.displayName) {
      changed.name = { from: membership.user.displayName, to: changes.name };
      membership.user.displayName = changes.name;
    }
    if (changes.role !== undefined) {
      const next = await resolveRole(tx, orgId, changes.role);
      assertMayGrant(actor, actor.access.org, next);
      if (next.builtIn !== membership.role || (next.custom?.id ?? null) !== (membership.roleId ?? null)) {
        changed.role = { from: current.name, to: next.name };
        membership.role = next.builtIn;
        membership.roleId = next.custom?.id ?? null;
      }
    }
    if (changes.teamIds !== undefined) {
      const teams = await requireTeams(tx, orgId, changes.teamIds);
      const places = await tx.find(TeamMember, { user: id, team: { organization: orgId } });
      const wanted = new Set(teams.map((t) => t.id));
      const removed = places.filter((p) => !wanted.has(p.team.id));
      const added = teams.filter((t) => !places.some((p) => p.team.id === t.id));
      for (const place of removed) tx.remove(place);
      for (const team of added) tx.create(TeamMember, { team, user: id });
      if (removed.length || added.length) changed.teams = { added: added.map((t) => t.id), removed: removed.map((p) => p.team.id) };
    }
    if (Object.keys(changed).length === 0) return;
    recordAdminAction(tx, actor, { action: 'service_account.updated', targetType: 'service_account', targetId: id, metadata: changed });
  });
  return getServiceAccount(em.fork(), orgId, id);
}

/** Its keys, team places and membership go with it (foreign keys cascade from its user row). */
export async function deleteServiceAccount(em: EntityManager, actor: AdminActor, id: string): Promise<void> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    const membership = await requireServiceAccount(tx, orgId, id);
    assertMayGrant(actor, actor.access.org, await resolveRole(tx, orgId, (membership.roleId as RoleId | null) ?? membership.role));
    recordAdminAction(tx, actor, {
      action: 'service_account.deleted',
      targetType: 'service_account',
      targetId: id,
      metadata: { name: membership.user.displayName, keys: await tx.count(ApiKey, { user: id }) },
    });
    await tx.flush();
    await tx.nativeDelete(User, { id });
  });
}

/**
 * Keys follow the personal-key rules (api-keys.ts does the work): shown once, hashed, expiring,
 * rotated with grace, audited. Their scopes may not exceed the account's role, nor the rights of
 * the person minting them.
 */
export async function createServiceAccountKey(
  em: EntityManager,
  actor: AdminActor,
  id: string,
  input: CreateApiKey,
): Promise<{ key: ApiKeyMetadata; secret: string }> {
  const membership = await requireServiceAccount(em, actor.principal.orgId, id);
  const accountScopes = roleScopes(
    await loadAccess(em, { userId: id, orgId: actor.principal.orgId, role: membership.role, via: 'serviceAccount' }),
  );
  const actorScopes = roleScopes(actor.access);
  const allowed = accountScopes.filter((s) => actorScopes.includes(s));
  return mintApiKey(em, actor.principal, { userId: id, allowed, notify: false }, input, actor.meta);
}

export async function rotateServiceAccountKey(
  em: EntityManager,
  actor: AdminActor,
  id: string,
  input: { keyId: string; gracePeriodSeconds: number },
): Promise<{ key: ApiKeyMetadata; secret: string }> {
  await requireServiceAccount(em, actor.principal.orgId, id);
  return rotateKeyOf(em, actor.principal, { userId: id, notify: false }, input, actor.meta);
}

export async function completeServiceAccountKeyRotation(
  em: EntityManager,
  actor: AdminActor,
  id: string,
  keyId: string,
): Promise<ApiKeyMetadata> {
  await requireServiceAccount(em, actor.principal.orgId, id);
  return completeRotation(em, actor.principal, keyId, actor.meta, id);
}

export async function deleteServiceAccountKey(em: EntityManager, actor: AdminActor, id: string, keyId: string): Promise<void> {
  await requireServiceAccount(em, actor.principal.orgId, id);
  await deleteApiKey(em, actor.principal, await ownKey(em, id, keyId), actor.meta, false);
}
