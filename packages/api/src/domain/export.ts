import { ApiKey, Membership, Session, TeamMember, type EntityManager } from '@gatehouse/db';
import { keyPrefix } from '../auth/api-key-format.js';
import type { RateLimits } from '../rate-limits.js';
import { recordAudit } from './audit.js';
import { preferencesOf } from './notifications.js';
import type { Principal } from './principal.js';
import type { RequestMeta } from './profile.js';

// Rows per keyset page: each page is garbage soon after it is written, so keep it small.
const PAGE = 1000;

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
 * stays proportional to one page, whatever the history's length.
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

async function* rowsOf<T extends { id: string }>(source: AsyncGenerator<T[]>): AsyncGenerator<T> {
  for await (const page of source) yield* page;
}

/** Two id-ordered streams as one id-ordered stream (each event sits on exactly one side; nest for more). */
async function* mergeById<T extends { id: string }>(a: AsyncGenerator<T>, b: AsyncGenerator<T>): AsyncGenerator<T> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.id < y.value.id)) {
      yield x.value;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

type ExportHead = Omit<ExportDocument, 'notifications' | 'activity'>;

/**
 * An export opened: nothing read yet. The small parts come first, then the two long lists
 * (notifications, activity) page by page, so the document can be written out as it is read.
 */
export interface OpenedExport {
  /** Read once: the procedure reads it before committing anything, the writer then reuses it. */
  head(): Promise<ExportHead>;
  notifications(): AsyncGenerator<Record<string, unknown>>;
  activity(): AsyncGenerator<Record<string, unknown>>;
}

/**
 * The caller's own data (SPEC §5 exportData): profile, organisation and role, teams,
 * preferences, key and session metadata, notifications and activity (audit events naming them as
 * actor, target or subject). Never a secret, hash or token; never another member's personal data
 * (other users in the activity appear only by id).
 */
export function openExport(em: EntityManager, principal: Principal): OpenedExport {
  const userId = principal.userId;
  let head: Promise<ExportHead> | undefined;
  return { head: () => (head ??= readHead(em, userId)), notifications: () => notificationsOf(em, userId), activity: () => activityOf(em, userId) };
}

async function readHead(em: EntityManager, userId: string): Promise<ExportHead> {
  const membership = await em.findOneOrFail(Membership, { user: userId }, { populate: ['user', 'organization'] });
  const user = membership.user;
  const teams = await em.find(TeamMember, { user: userId }, { populate: ['team'], orderBy: { createdAt: 'asc' } });
  const keys = await em.find(ApiKey, { user: userId }, { orderBy: { createdAt: 'asc' } });
  const sessions = await em.find(Session, { user: userId }, { orderBy: { createdAt: 'asc' } });

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
  };
}

async function* notificationsOf(em: EntityManager, userId: string): AsyncGenerator<Record<string, unknown>> {
  const source = pages<RawRow>((after) =>
    raw(em, 'notification', ['id', 'category', 'type', 'title', 'body', 'created_at', 'read_at'], { user_id: userId }, after),
  );
  for await (const n of rowsOf(source)) {
    yield {
      id: n.id,
      category: n.category,
      type: n.type,
      title: n.title,
      body: n.body,
      createdAt: iso(n.created_at),
      readAt: n.read_at == null ? null : iso(n.read_at),
    };
  }
}

async function* activityOf(em: EntityManager, userId: string): AsyncGenerator<Record<string, unknown>> {
  const columns = ['id', 'created_at', 'action', 'via', 'actor_id', 'target_type', 'target_id', 'ip', 'user_agent', 'metadata'];
  const side = (column: 'actor_id' | 'target_id' | 'subject_id', exclude?: Record<string, string>) =>
    rowsOf(pages<RawRow>((after) => raw(em, 'audit_event', columns, { [column]: userId }, after, exclude)));
  // Each event is read from one side only, the first that names the user: what they did, then
  // what was done to them, then what concerns them otherwise (their key, deleted by an owner).
  const did = side('actor_id');
  const doneTo = side('target_id', { actor_id: userId });
  const concerns = side('subject_id', { actor_id: userId, target_id: userId });
  for await (const e of mergeById(did, mergeById(doneTo, concerns))) {
    const own = e.actor_id === userId;
    yield {
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
    };
  }
}

/** The whole document in memory: for in-process callers and anything that cannot take a stream. */
export async function collectExport(opened: OpenedExport): Promise<ExportDocument> {
  const notifications: Record<string, unknown>[] = [];
  for await (const n of opened.notifications()) notifications.push(n);
  const activity: Record<string, unknown>[] = [];
  for await (const a of opened.activity()) activity.push(a);
  return { ...(await opened.head()), notifications, activity };
}

/** Rows per chunk of streamed JSON: few enough writes, and chunks (~35 KB) that stay out of V8's large-object space. */
const ROWS_PER_CHUNK = 100;

/**
 * The same document as JSON text, piece by piece, as it is read: the small parts at once (so the
 * first byte leaves before any long list is walked), then the lists a chunk at a time. Parsed,
 * it equals `collectExport`'s document (me.export.test.ts checks it).
 */
export async function* exportJson(opened: OpenedExport): AsyncGenerator<string> {
  const head = JSON.stringify(await opened.head());
  yield head.slice(0, -1);
  for (const [name, rows] of [
    ['notifications', opened.notifications()],
    ['activity', opened.activity()],
  ] as const) {
    let chunk = `,${JSON.stringify(name)}:[`;
    let first = true;
    let count = 0;
    for await (const row of rows) {
      chunk += (first ? '' : ',') + JSON.stringify(row);
      first = false;
      if (++count % ROWS_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}]`;
  }
  yield '}';
}

/**
 * What `me.exportData` returns when the HTTP layer asked to stream it (`ctx.streamExport`): the
 * opened export, written out by the server as the tRPC answer's `data`. Everything that can
 * refuse the call (principal, scope, rate limit) has run by the time one exists, and so has the
 * read of the head: the server sends its status line only after that, so a failure up to the
 * first byte is still answered as an error (503 with the database away, 500 otherwise) rather
 * than as a 200 with a cut body.
 */
export class StreamedExport {
  private constructor(readonly opened: OpenedExport) {}
  static async afterHead(opened: OpenedExport): Promise<StreamedExport> {
    await opened.head();
    return new StreamedExport(opened);
  }
  json(): AsyncGenerator<string> {
    return exportJson(this.opened);
  }
}

/**
 * `me.exportData`: counted against the export allowance, then the head is read before the audit
 * row is written and before the server commits a status, so an export that fails up to its first
 * byte is answered as an error, claims no export in the audit log and gives its allowance back.
 * `stream`: hand back a StreamedExport for the HTTP route to write out as it reads; otherwise the
 * whole document.
 */
export async function startExport(
  em: EntityManager,
  rateLimits: RateLimits,
  principal: Principal,
  meta: RequestMeta,
  stream: boolean,
): Promise<ExportDocument | StreamedExport> {
  await rateLimits.consume('export', principal.userId);
  const opened = openExport(em, principal);
  try {
    await opened.head();
    recordAudit(em, {
      action: 'user.data_exported',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: principal.via,
      targetType: 'user',
      targetId: principal.userId,
      ...meta,
    });
    await em.flush();
  } catch (error) {
    // Counted in the same store that is failing (limits in the database, the database away), the
    // point may not come back: the user then loses one of their five, and still gets this error.
    await rateLimits.refund('export', principal.userId).catch(() => undefined);
    throw error;
  }
  return stream ? StreamedExport.afterHead(opened) : collectExport(opened);
}
