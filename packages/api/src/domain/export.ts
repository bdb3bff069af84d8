import {
  ApiKey,
  AuditEvent,
  Membership,
  Notification,
  Session,
  TeamMember,
  type EntityManager,
} from '@gatehouse/db';
import { keyPrefix } from '../auth/api-key-format.js';
import { preferencesOf } from './notifications.js';
import type { Principal } from './principal.js';

const PAGE = 2000;

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
  for await (const rows of pages((after) =>
    em.find(Notification, { user: userId, ...(after ? { id: { $gt: after } } : {}) }, { orderBy: { id: 'asc' }, limit: PAGE, disableIdentityMap: true }),
  )) {
    for (const n of rows) {
      notifications.push({ id: n.id, category: n.category, type: n.type, title: n.title, body: n.body, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null });
    }
  }

  const activity: Record<string, unknown>[] = [];
  for await (const rows of pages((after) =>
    em.find(
      AuditEvent,
      { $or: [{ actorId: userId }, { targetId: userId }], ...(after ? { id: { $gt: after } } : {}) },
      { orderBy: { id: 'asc' }, limit: PAGE, disableIdentityMap: true },
    ),
  )) {
    for (const e of rows) {
      activity.push({
        id: e.id,
        at: e.createdAt.toISOString(),
        action: e.action,
        via: e.via,
        actorId: e.actorId ?? null,
        targetType: e.targetType ?? null,
        targetId: e.targetId ?? null,
        // Where they acted from is theirs; where someone else acted from (on them) is not.
        ip: e.actorId === userId ? (e.ip ?? null) : null,
        userAgent: e.actorId === userId ? (e.userAgent ?? null) : null,
        metadata: e.metadata ?? null,
      });
    }
  }

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
