import { User, selectRows, type EntityManager } from '@gatehouse/db';
import { recordAudit } from './audit.js';
import { loadAccess, roleScopes } from './effective-permissions.js';
import type { Principal } from './principal.js';

export interface Profile {
  id: string;
  email: string;
  /** Whether the address was proven by a mailed link (SPEC §8). */
  emailVerified: boolean;
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
  /** SPEC §9: the organisation requires MFA and this person must enrol before anything else. */
  mfaEnrollmentRequired: boolean;
}

interface ProfileRow {
  id: string;
  email: string;
  email_verified_at: unknown;
  display_name: string;
  phone: string | null;
  timezone: string;
  locale: string;
  job_title: string | null;
  department: string | null;
  org_name: string;
  team_id: string | null;
  team_name: string | null;
}

/**
 * One statement, plain columns, no entities: me.get is the most frequent call. The user's teams
 * come as extra rows of the same query, and hydrating a User would also pull its password hash
 * into memory for nothing.
 */
export async function getProfile(em: EntityManager, principal: Principal): Promise<Profile> {
  const rows = await selectRows<ProfileRow>(
    em,
    `select u.id, u.email, u.email_verified_at, u.display_name, u.phone, u.timezone, u.locale, u.job_title, u.department,
            o.name as org_name, t.id as team_id, t.name as team_name
       from "user" u
       inner join organization o on o.id = ?
       left join team_member tm on tm.user_id = u.id
       left join team t on t.id = tm.team_id and t.organization_id = o.id
      where u.id = ?
      order by t.name, t.id`,
    [principal.orgId, principal.userId],
  );
  const user = rows[0];
  const teams = rows.flatMap((r) => (r.team_id !== null && r.team_name !== null ? [{ id: r.team_id, name: r.team_name }] : []));
  if (!user) throw new Error('the principal has no user row');
  const access = await loadAccess(em, principal);
  const scoped = <T extends string>(list: T[]) => (principal.scopes ? list.filter((p) => principal.scopes!.includes(p as never)) : list);
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.email_verified_at != null,
    displayName: user.display_name,
    phone: user.phone,
    timezone: user.timezone,
    locale: user.locale,
    jobTitle: user.job_title,
    department: user.department,
    role: principal.role,
    org: { id: principal.orgId, name: user.org_name },
    teams,
    permissions: scoped(roleScopes(access)),
    via: principal.via,
    // The web app walks the person to enrolment when this is set (SPEC §9).
    mfaEnrollmentRequired: principal.mfaEnrollmentRequired === true,
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
