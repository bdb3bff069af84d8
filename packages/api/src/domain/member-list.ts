import type { EntityManager, Role } from '@gatehouse/db';
import { errors } from '../errors.js';
import { canInTeam, canOrgWide, type Access } from './effective-permissions.js';
import { memberView, teamsOfUsers, type MemberRow, type MemberView } from './members.js';
import { usersWithMfa } from './mfa/org-policy.js';

export interface MemberFilters {
  cursor?: string | undefined;
  limit: number;
  /** Case-insensitive prefix of the display name or the email. */
  query?: string | undefined;
  teamId?: string | undefined;
  role?: Role | undefined;
  /** A custom role held org-wide. */
  roleId?: string | undefined;
  /** With MFA on (a TOTP app or a passkey), or without. */
  mfa?: 'enabled' | 'disabled' | undefined;
}

/** Up to this many matching users are looked up one by one; beyond, the organisation is walked. */
const CANDIDATE_LIMIT = 2000;

const escapeLike = (text: string): string => text.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * The display name as the prefix index holds it: PostgreSQL indexes lower(display_name);
 * SQLite indexes the column itself with NOCASE, and its LIKE ignores (ASCII) case already.
 */
const nameKey = (em: EntityManager, alias: string): string =>
  em.getPlatform().constructor.name.startsWith('Postgre') ? `lower(${alias}.display_name)` : `${alias}.display_name`;

/**
 * The users a search and a team filter allow, when there are few of them: the page is then found
 * by looking those up (cost grows with the matches, not the organisation). Null when no filter
 * narrows it down that far: the organisation is then walked in id order, where that many
 * matches are dense. Both paths apply every filter, so they give the same page and cursor.
 */
async function candidateUsers(em: EntityManager, orgId: string, filters: MemberFilters): Promise<string[] | null> {
  const lists: string[][] = [];
  if (filters.query) {
    const prefix = `${escapeLike(filters.query.toLowerCase())}%`;
    const rows = await em.execute<{ id: string }[]>(
      `select id from (select u.id from "user" u where ${nameKey(em, 'u')} like ? escape '!' limit ?) as by_name
       union select id from (select u.id from "user" u where u.email like ? escape '!' limit ?) as by_email`,
      [prefix, CANDIDATE_LIMIT + 1, prefix, CANDIDATE_LIMIT + 1],
    );
    if (rows.length <= CANDIDATE_LIMIT) lists.push(rows.map((r) => r.id));
  }
  if (filters.teamId) {
    const rows = await em.execute<{ id: string }[]>(
      `select tm.user_id as id from team_member tm inner join team t on t.id = tm.team_id
       where tm.team_id = ? and t.organization_id = ? limit ?`,
      [filters.teamId, orgId, CANDIDATE_LIMIT + 1],
    );
    if (rows.length <= CANDIDATE_LIMIT) lists.push(rows.map((r) => r.id));
  }
  if (lists.length === 0) return null;
  return lists.reduce((a, b) => {
    const other = new Set(b);
    return a.filter((id) => other.has(id));
  });
}

interface PageRow {
  id: string;
  role: Role;
  /** Epoch milliseconds on SQLite, an ISO-style string on PostgreSQL. */
  created_at: number | string | Date;
  user_id: string;
  email: string;
  display_name: string;
  job_title: string | null;
  department: string | null;
  role_id: string | null;
  role_name: string | null;
  suspended_at: number | string | Date | null;
  external_id: string | null;
}

/**
 * One page of member rows (plus one, to know whether another page follows), read as plain rows:
 * a member list is read-only, and hydrating entities would cost ten times the query.
 */
async function pageRows(em: EntityManager, orgId: string, filters: MemberFilters): Promise<PageRow[]> {
  const candidates = await candidateUsers(em, orgId, filters);
  if (candidates?.length === 0) return [];
  const knex = em.getKnex();
  // With candidates, CROSS JOIN makes SQLite start from them (it has no statistics telling it the
  // organisation is large); PostgreSQL plans either form on its own.
  const qb = candidates
    ? knex.from('user as u').crossJoin(knex.raw('??', ['membership as m'])).whereIn('u.id', candidates).whereRaw('m.user_id = u.id')
    : knex.from('membership as m').join('user as u', 'u.id', 'm.user_id');
  qb.select('m.id', 'm.role', 'm.created_at', 'm.user_id', 'u.email', 'u.display_name', 'u.job_title', 'u.department');
  qb.select('m.role_id', 'r.name as role_name', 'm.suspended_at', 'm.external_id');
  qb.leftJoin('org_role as r', (on) => on.on('r.id', 'm.role_id').andOn('r.organization_id', 'm.organization_id'));
  // People only: service accounts have their own list.
  qb.where('m.organization_id', orgId).andWhere('m.kind', 'person').orderBy('m.id').limit(filters.limit + 1);
  if (filters.cursor) qb.where('m.id', '>', filters.cursor);
  if (filters.role) qb.where('m.role', filters.role);
  // "Member" means the built-in role: holders of a custom role are found by its id.
  if (filters.role === 'member') qb.whereNull('m.role_id');
  if (filters.roleId) qb.where('m.role_id', filters.roleId);
  if (filters.query) {
    const prefix = `${escapeLike(filters.query.toLowerCase())}%`;
    qb.whereRaw(`(${nameKey(em, 'u')} like ? escape '!' or u.email like ? escape '!')`, [prefix, prefix]);
  }
  if (filters.teamId) {
    // The team must be this organisation's too: another org's team id filters to nothing.
    qb.whereRaw(
      `exists (select 1 from team_member tm inner join team t on t.id = tm.team_id
       where tm.user_id = m.user_id and tm.team_id = ? and t.organization_id = ?)`,
      [filters.teamId, orgId],
    );
  }
  if (filters.mfa) {
    // The same test as usersWithMfa, in SQL, so the page and its cursor are filtered before the limit.
    const hasMfa = `(exists (select 1 from mfa_totp f where f.user_id = m.user_id and f.secret is not null)
      or exists (select 1 from passkey p where p.user_id = m.user_id))`;
    qb.whereRaw(filters.mfa === 'enabled' ? hasMfa : `not ${hasMfa}`);
  }
  return em.execute<PageRow[]>(qb);
}

/**
 * One page of the organisation's members in membership-id order. Ids are UUIDv7 (time-ordered)
 * and the cursor is the last id served, so members who join during a walk land after it: no
 * duplicate, no gap. A fixed handful of queries per page, whatever its size (never one per row).
 */
export async function listMembers(
  em: EntityManager,
  orgId: string,
  filters: MemberFilters,
): Promise<{ items: MemberView[]; nextCursor: string | null }> {
  const rows = await pageRows(em, orgId, filters);
  const page = rows.slice(0, filters.limit).map(
    (r): MemberRow & { id: string } => ({
      id: r.id,
      role: r.role,
      createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
      customRole: r.role_id && r.role_name ? { id: r.role_id, name: r.role_name } : null,
      suspendedAt: r.suspended_at === null ? null : new Date(r.suspended_at),
      externalId: r.external_id,
      user: { id: r.user_id, email: r.email, displayName: r.display_name, jobTitle: r.job_title, department: r.department },
    }),
  );
  const userIds = page.map((m) => m.user.id);
  const teams = await teamsOfUsers(em, orgId, userIds);
  const withMfa = await usersWithMfa(em, userIds);
  return {
    items: page.map((m) => memberView(m, teams.get(m.user.id) ?? [], withMfa.has(m.user.id))),
    nextCursor: rows.length > filters.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** members.list for the caller: org-wide readers list anyone; team-scoped readers list their team. */
export async function listMembersFor(
  em: EntityManager,
  access: Access,
  filters: MemberFilters,
): Promise<{ items: MemberView[]; nextCursor: string | null }> {
  if (!canOrgWide(access, 'members:read') && !(filters.teamId && canInTeam(access, 'members:read', filters.teamId))) {
    throw errors.insufficientRole();
  }
  return listMembers(em, access.principal.orgId, filters);
}
