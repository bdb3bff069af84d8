import { ApiKey, Membership, Session, TeamMember, type EntityManager } from '@gatehouse/db';
import { keyPrefix } from '../auth/api-key-format.js';
import { preferencesOf } from './notifications.js';
import type { Principal } from './principal.js';

const PAGE = 5000;

type RawRow = { id: string } & Record<string, unknown>;

/** One keyset page of plain rows: no entity hydration, no identity map. */
function raw(
  em: EntityManager,
  table: string,
  columns: string[],
  where: Record<string, string>,
  after: string | null,
  exclude?: Record<string, string>,
) {
  const query = em
    .getKnex()(table)
    .select(columns)
    .where(where)
    .modify((q) => {
      if (after) q.andWhere('id', '>', after);
      for (const [column, value] of Object.entries(exclude ?? {})) {
        q.andWhereRaw('(?? is null or ?? <> ?)', [column, column, value]);
      }
    })
    .orderBy('id', 'asc')
    .limit(PAGE);
  return em.getConnection().execute<RawRow[]>(query);
}

/** SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Date objects. */
function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(value as number | string)).toISOString();
}

export interface ExportDocument {
  format: 'gatehouse-export/v1';
  exportedAt: string;
  profile: Record<string, unknown>;
  organization: { id: string; name: string; role: string; joinedAt: string };
  teams: { id: string; name: string; joinedAt: string }[];
  notificationPreferences: { category: string; email: boolean; inApp: boolean }[];
  apiKeys: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  notifications: Record<string, unknown>[];
  activity: Record<string, unknown>[];
}

/**
 * Walks a large table in keyset pages of plain rows (no entities in the identity map), so memory
 * stays proportional to the output, not to a hydrated object graph.
 */
async function* pages<T extends { id: string }>(fetch: (after: string | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * The caller's own data (SPEC §5 exportData): profile, organisation and role, teams,
 * preferences, key and session metadata, notifications and activity (audit events they caused
 * or that concern them). Never a secret, hash or token; never another member's personal data
 * (other users in the activity appear only by id).
 */
export async function exportAccount(em: EntityManager, principal: Principal): Promise<ExportDocument> {
  const userId = principal.userId;
  const membership = await em.findOneOrFail(Membership, { user: userId }, { populate: ['user', 'organization'] });
  const user = membership.user;
  const teams = await em.find(TeamMember, { user: userId }, { populate: ['team'], orderBy: { createdAt: 'asc' } });
  const keys = await em.find(ApiKey, { user: userId }, { orderBy: { createdAt: 'asc' } });
  const sessions = await em.find(Session, { user: userId }, { orderBy: { createdAt: 'asc' } });

  const notifications: Record<string, unknown>[] = [];
  for await (const rows of pages<RawRow>((after) =>
    raw(em, 'notification', ['id', 'category', 'type', 'title', 'body', 'created_at', 'read_at'], { user_id: userId }, after),
  )) {
    for (const n of rows) {
      notifications.push({
        id: n.id,
        category: n.category,
        type: n.type,
        title: n.title,
        body: n.body,
        createdAt: iso(n.created_at),
        readAt: n.read_at == null ? null : iso(n.read_at),
      });
    }
  }

  const activity: Record<string, unknown>[] = [];
  const columns = ['id', 'created_at', 'action', 'via', 'actor_id', 'target_type', 'target_id', 'ip', 'user_agent', 'metadata'];
  for (const side of ['actor_id', 'target_id'] as const) {
    // An event the user did to themselves is listed once, under the actor side.
    const exclude = side === 'target_id' ? { actor_id: userId } : undefined;
    for await (const rows of pages<RawRow>((after) => raw(em, 'audit_event', columns, { [side]: userId }, after, exclude))) {
      for (const e of rows) {
        const own = e.actor_id === userId;
        activity.push({
          id: e.id,
          at: iso(e.created_at),
          action: e.action,
          via: e.via,
          actorId: e.actor_id ?? null,
          targetType: e.target_type ?? null,
          targetId: e.target_id ?? null,
          // Where they acted from is theirs; where someone else acted from (on them) is not.
          ip: own ? (e.ip ?? null) : null,
          userAgent: own ? (e.user_agent ?? null) : null,
          metadata: typeof e.metadata === 'string' ? (JSON.parse(e.metadata) as unknown) : (e.metadata ?? null),
        });
      }
    }
  }
  activity.sort((a, b) => String(a.id).localeCompare(String(b.id)));

  return {
    format: 'gatehouse-export/v1',
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      phone: user.phone ?? null,
      timezone: user.timezone,
      locale: user.locale,
      jobTitle: user.jobTitle ?? null,
      department: user.department ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    organization: {
      id: membership.organization.id,
      name: membership.organization.name,
      role: membership.role,
      joinedAt: membership.createdAt.toISOString(),
    },
    teams: teams.map((t) => ({ id: t.team.id, name: t.team.name, joinedAt: t.createdAt.toISOString() })),
    notificationPreferences: await preferencesOf(em, userId),
    apiKeys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: keyPrefix(k.publicId),
      scopes: k.scopes,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip ?? null,
      userAgent: s.userAgent ?? null,
    })),
    notifications,
    activity,
  };
}
