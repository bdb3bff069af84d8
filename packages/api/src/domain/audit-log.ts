import { AuditEvent, Invitation, Membership, type EntityManager } from '@gatehouse/db';
import { recordAudit } from './audit.js';
import type { Access } from './effective-permissions.js';
import type { Principal } from './principal.js';
import type { RequestMeta } from './profile.js';

/** Who performs an admin action, and from where: every admin domain function takes one. */
export interface AdminActor {
  principal: Principal;
  meta: RequestMeta;
  /** What the actor holds, read for this call (team-level checks and no-escalation use it). */
  access: Access;
}

/**
 * Audits an admin action in the caller's organisation. Callers pass ids and names only, never
 * a secret; a user concerned goes in `targetId`, so erasing them later rewrites it to an opaque id.
 */
export function recordAdminAction(
  em: EntityManager,
  actor: AdminActor,
  event: { action: string; targetType: string; targetId: string; metadata?: Record<string, unknown> | null },
): void {
  recordAudit(em, {
    action: event.action,
    orgId: actor.principal.orgId,
    actorId: actor.principal.userId,
    via: actor.principal.via,
    targetType: event.targetType,
    targetId: event.targetId,
    metadata: event.metadata ?? null,
    ip: actor.meta.ip,
    userAgent: actor.meta.userAgent,
  });
}

export interface AuditFilters {
  cursor?: string | undefined;
  limit: number;
  actorId?: string | undefined;
  action?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

export interface AuditItem {
  id: string;
  action: string;
  /** A user id, an opaque `erased-…` id once that user was erased, or null (e.g. an unknown email). */
  actorId: string | null;
  /** The actor's current name, when they are still a member of this organisation. */
  actor: { id: string; displayName: string; email: string } | null;
  via: AuditEvent['via'];
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  metadata: Record<string, unknown> | null;
  /** For an invitation's rows: the address invited, read from the invitation (not copied into the trail). */
  invitedEmail: string | null;
  createdAt: string;
}

/** A trailing dot asks for a family of actions (`team.`); as a range it stays exact and indexed. */
function actionFilter(action: string): string | { $gte: string; $lt: string } {
  return action.endsWith('.') ? { $gte: action, $lt: `${action.slice(0, -1)}/` } : action;
}

/**
 * The organisation's audit trail, newest first. Ids are UUIDv7, so ordering by id is ordering
 * by time and the last id on a page is a stable cursor. Read-only: there is no way to change rows.
 */
export async function listAuditEvents(
  em: EntityManager,
  orgId: string,
  filters: AuditFilters,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  const createdAt = {
    ...(filters.since ? { $gte: new Date(filters.since) } : {}),
    ...(filters.until ? { $lte: new Date(filters.until) } : {}),
  };
  const rows = await em.find(
    AuditEvent,
    {
      orgId,
      ...(filters.cursor ? { id: { $lt: filters.cursor } } : {}),
      ...(filters.actorId ? { actorId: filters.actorId } : {}),
      ...(filters.action ? { action: actionFilter(filters.action) } : {}),
      ...(filters.since || filters.until ? { createdAt } : {}),
    },
    { orderBy: { id: 'desc' }, limit: filters.limit + 1 },
  );
  const page = rows.slice(0, filters.limit);

  const actorIds = [...new Set(page.map((r) => r.actorId).filter((a): a is string => a !== null))];
  const actors = actorIds.length
    ? await em.find(Membership, { organization: orgId, user: { $in: actorIds } }, { populate: ['user'] })
    : [];
  const byId = new Map(actors.map((m) => [m.user.id, m.user]));
  const invitationIds = [...new Set(page.flatMap((r) => (r.targetType === 'invitation' && r.targetId ? [r.targetId] : [])))];
  const invitations = invitationIds.length
    ? await em.find(Invitation, { organization: orgId, id: { $in: invitationIds } }, { fields: ['id', 'email'] })
    : [];
  const invitedEmails = new Map(invitations.map((i) => [i.id, i.email]));

  const items = page.map((row): AuditItem => {
    const user = row.actorId ? byId.get(row.actorId) : undefined;
    return {
      id: row.id,
      action: row.action,
      actorId: row.actorId ?? null,
      actor: user ? { id: user.id, displayName: user.displayName, email: user.email } : null,
      via: row.via,
      targetType: row.targetType ?? null,
      targetId: row.targetId ?? null,
      ip: row.ip ?? null,
      userAgent: row.userAgent ?? null,
      metadata: row.metadata ?? null,
      invitedEmail: (row.targetType === 'invitation' && row.targetId && invitedEmails.get(row.targetId)) || null,
      createdAt: row.createdAt.toISOString(),
    };
  });
  return { items, nextCursor: rows.length > filters.limit ? (page.at(-1)?.id ?? null) : null };
}
