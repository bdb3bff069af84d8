import { Membership, OrgRole, TeamMember, UniqueConstraintViolationException, newId, type EntityManager, type Role } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { ZodRealError } from 'zod';
import { errors } from '../errors.js';
import type { RoleId } from '../schemas/org-admin.js';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import { BUILT_IN_ROLE_PERMISSIONS, parsePermissions, type OrgPermission } from './permissions.js';

export interface RoleView {
  id: string;
  name: string;
  description: string;
  permissions: OrgPermission[];
  builtIn: boolean;
  /** Members holding it org-wide, and team places holding it within a team. */
  memberCount: number;
  teamAssignmentCount: number;
  createdAt: string | null;
}

const BUILT_IN_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including making other owners',
  admin: 'Reads members, teams, member keys and the audit log',
  member: 'Self-service, and the agents of their own teams',
};

export const roleNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such role' });

const duplicateRoleName = (): TRPCError => {
  const message = 'A role with this name already exists';
  return new TRPCError({
    code: 'CONFLICT',
    message,
    cause: new ZodRealError([{ code: 'custom', path: ['name'], message, input: undefined }]),
  });
};

/** Scoped by organisation in the query itself: another org's role id is simply not found. */
export async function requireRole(em: EntityManager, orgId: string, roleId: string): Promise<OrgRole> {
  const role = await em.findOne(OrgRole, { id: roleId, organization: orgId });
  if (!role) throw roleNotFound();
  return role;
}

/** A role as an assignment names it: a built-in role's name, or a custom role's id. */
export type RoleRef = Role | RoleId;
export const isBuiltInRole = (ref: RoleRef): ref is Role => ref === 'owner' || ref === 'admin' || ref === 'member';

export interface ResolvedRole {
  builtIn: Role;
  custom: OrgRole | null;
  permissions: OrgPermission[];
  name: string;
}

/** The role an assignment names; an unknown one is a bad value (VALIDATION), like a misspelt built-in. */
export async function resolveRole(em: EntityManager, orgId: string, ref: RoleRef): Promise<ResolvedRole> {
  if (isBuiltInRole(ref)) return { builtIn: ref, custom: null, permissions: [...BUILT_IN_ROLE_PERMISSIONS[ref]], name: ref };
  const custom = await em.findOne(OrgRole, { id: ref, organization: orgId });
  if (!custom) throw errors.validation('No such role in this organisation');
  return { builtIn: 'member', custom, permissions: parsePermissions(custom.permissions), name: custom.name };
}

/**
 * No escalation (SPEC §12): nobody hands on, builds or edits a role into a permission they do not
 * hold themselves (in the reach concerned), and only owners make owners.
 */
export function assertWithin(held: ReadonlySet<OrgPermission>, wanted: Iterable<OrgPermission>): void {
  for (const permission of wanted) if (!held.has(permission)) throw errors.insufficientRole();
}

export function assertMayGrant(actor: AdminActor, held: ReadonlySet<OrgPermission>, role: ResolvedRole): void {
  if (role.builtIn === 'owner' && role.custom === null && actor.principal.role !== 'owner') throw errors.insufficientRole();
  assertWithin(held, role.permissions);
}

function customView(role: OrgRole, members: number, teams: number): RoleView {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: parsePermissions(role.permissions),
    builtIn: false,
    memberCount: members,
    teamAssignmentCount: teams,
    createdAt: role.createdAt.toISOString(),
  };
}

async function usage(em: EntityManager, orgId: string, roleIds: string[]) {
  if (roleIds.length === 0) return { members: new Map<string, number>(), teams: new Map<string, number>() };
  const members = await em.execute<{ role_id: string; n: number | string }[]>(
    `select role_id, count(*) as n from membership where organization_id = ? and role_id in (?) group by role_id`,
    [orgId, roleIds],
  );
  const teams = await em.execute<{ role_id: string; n: number | string }[]>(
    `select tm.role_id, count(*) as n from team_member tm inner join team t on t.id = tm.team_id
      where t.organization_id = ? and tm.role_id in (?) group by tm.role_id`,
    [orgId, roleIds],
  );
  return {
    members: new Map(members.map((r) => [r.role_id, Number(r.n)])),
    teams: new Map(teams.map((r) => [r.role_id, Number(r.n)])),
  };
}

/** The three built-in roles (fixed), then the organisation's custom roles by name. */
export async function listRoles(em: EntityManager, orgId: string): Promise<RoleView[]> {
  const custom = await em.find(OrgRole, { organization: orgId }, { orderBy: { name: 'asc', id: 'asc' } });
  const counts = await usage(em, orgId, custom.map((r) => r.id));
  const builtInCounts = await em.execute<{ role: Role; n: number | string }[]>(
    `select role, count(*) as n from membership where organization_id = ? and role_id is null and kind = 'person' group by role`,
    [orgId],
  );
  const builtIn = (['owner', 'admin', 'member'] as const).map(
    (name): RoleView => ({
      id: name,
      name,
      description: BUILT_IN_DESCRIPTIONS[name],
      permissions: [...BUILT_IN_ROLE_PERMISSIONS[name]],
      builtIn: true,
      memberCount: Number(builtInCounts.find((r) => r.role === name)?.n ?? 0),
      teamAssignmentCount: 0,
      createdAt: null,
    }),
  );
  return [...builtIn, ...custom.map((r) => customView(r, counts.members.get(r.id) ?? 0, counts.teams.get(r.id) ?? 0))];
}

async function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw duplicateRoleName();
    throw error;
  }
}

async function assertNameFree(em: EntityManager, orgId: string, name: string, exceptId?: string): Promise<void> {
  const roles = await em.find(OrgRole, { organization: orgId }, { fields: ['id', 'name'] });
  const wanted = name.toLocaleLowerCase();
  if (roles.some((r) => r.id !== exceptId && r.name.toLocaleLowerCase() === wanted)) throw duplicateRoleName();
}

export interface RoleFields {
  name: string;
  description: string;
  permissions: OrgPermission[];
}

export async function createRole(em: EntityManager, actor: AdminActor, input: RoleFields): Promise<RoleView> {
  assertWithin(actor.access.org, input.permissions);
  const orgId = actor.principal.orgId;
  return uniqueName(() =>
    em.transactional(async (tx) => {
      await assertNameFree(tx, orgId, input.name);
      const role = tx.create(OrgRole, { id: newId(), organization: orgId, ...input });
      recordAdminAction(tx, actor, {
        action: 'role.created',
        targetType: 'role',
        targetId: role.id,
        metadata: { name: input.name, permissions: input.permissions },
      });
      await tx.flush();
      return customView(role, 0, 0);
    }),
  );
}

/** Felt on the very next request of everyone holding the role: permissions are read per call. */
export async function updateRole(
  em: EntityManager,
  actor: AdminActor,
  roleId: string,
  changes: Partial<RoleFields>,
): Promise<RoleView> {
  const orgId = actor.principal.orgId;
  await uniqueName(() =>
    em.transactional(async (tx) => {
      const role = await requireRole(tx, orgId, roleId);
      const before = parsePermissions(role.permissions);
      // A role that reaches beyond the editor is not theirs to touch, before or after the edit.
      assertWithin(actor.access.org, before);
      if (changes.permissions) assertWithin(actor.access.org, changes.permissions);
      if (changes.name !== undefined && changes.name !== role.name) await assertNameFree(tx, orgId, changes.name, role.id);
      const changed: Record<string, unknown> = {};
      if (changes.name !== undefined && changes.name !== role.name) changed.name = { from: role.name, to: changes.name };
      if (changes.description !== undefined && changes.description !== role.description) changed.description = true;
      if (changes.permissions && changes.permissions.join() !== before.join()) {
        changed.permissions = { added: changes.permissions.filter((p) => !before.includes(p)), removed: before.filter((p) => !changes.permissions!.includes(p)) };
      }
      if (Object.keys(changed).length === 0) return;
      Object.assign(role, {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.permissions ? { permissions: changes.permissions } : {}),
      });
      recordAdminAction(tx, actor, { action: 'role.updated', targetType: 'role', targetId: role.id, metadata: changed });
    }),
  );
  const fresh = em.fork();
  const role = await requireRole(fresh, orgId, roleId);
  const counts = await usage(fresh, orgId, [roleId]);
  return customView(role, counts.members.get(roleId) ?? 0, counts.teams.get(roleId) ?? 0);
}

/**
 * Deleting a role takes it from everyone holding it, in the same transaction: org-wide holders
 * fall back to the member role, team places keep their member without a role.
 */
export async function deleteRole(em: EntityManager, actor: AdminActor, roleId: string): Promise<void> {
  const orgId = actor.principal.orgId;
  await em.transactional(async (tx) => {
    const role = await requireRole(tx, orgId, roleId);
    assertWithin(actor.access.org, parsePermissions(role.permissions));
    const members = await tx.nativeUpdate(Membership, { organization: orgId, roleId }, { roleId: null, role: 'member' });
    const places = await tx.nativeUpdate(TeamMember, { roleId, team: { organization: orgId } }, { roleId: null });
    recordAdminAction(tx, actor, {
      action: 'role.deleted',
      targetType: 'role',
      targetId: role.id,
      metadata: { name: role.name, membersReset: members, teamAssignmentsCleared: places },
    });
    await tx.flush();
    await tx.nativeDelete(OrgRole, { id: role.id, organization: orgId });
  });
}
