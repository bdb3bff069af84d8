import { Membership, User, type EntityManager } from '@gatehouse/db';
import { recordAudit } from './audit.js';
import { teamsOfUser } from './members.js';
import { permissionsOf } from './permissions.js';
import type { Principal } from './principal.js';

export interface Profile {
  id: string;
  email: string;
  displayName: string;
  phone: string | null;
  timezone: string;
  locale: string;
  jobTitle: string | null;
  department: string | null;
  role: Principal['role'];
  org: { id: string; name: string };
  teams: { id: string; name: string }[];
  permissions: string[];
  via: Principal['via'];
}

export async function getProfile(em: EntityManager, principal: Principal): Promise<Profile> {
  const membership = await em.findOneOrFail(
    Membership,
    { user: principal.userId },
    { populate: ['user', 'organization'] },
  );
  const user = membership.user;
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    phone: user.phone ?? null,
    timezone: user.timezone,
    locale: user.locale,
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    role: principal.role,
    org: { id: membership.organization.id, name: membership.organization.name },
    teams: await teamsOfUser(em, principal.orgId, principal.userId),
    permissions: permissionsOf(principal.role, principal.scopes),
    via: principal.via,
  };
}

export interface ProfileChanges {
  displayName?: string | undefined;
  phone?: string | null | undefined;
  timezone?: string | undefined;
  locale?: string | undefined;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Writes only the caller's self-service fields, and audits which fields changed (not values). */
export async function updateProfile(
  em: EntityManager,
  principal: Principal,
  changes: ProfileChanges,
  meta: RequestMeta,
): Promise<Profile> {
  await em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { id: principal.userId });
    const changed: string[] = [];
    for (const field of ['displayName', 'phone', 'timezone', 'locale'] as const) {
      const value = changes[field];
      if (value !== undefined && value !== user[field]) {
        Object.assign(user, { [field]: value });
        changed.push(field);
      }
    }
    if (changed.length === 0) return;
    recordAudit(tx, {
      action: 'profile.updated',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: principal.via,
      targetType: 'user',
      targetId: principal.userId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      metadata: { fields: changed },
    });
  });
  return getProfile(em, principal);
}
