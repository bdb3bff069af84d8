import { Session, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';

export interface SessionSummary {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  sudoActive: boolean;
}

/** The user's live sessions, most recently seen first. Never a token or its hash. */
export async function listSessions(em: EntityManager, userId: string, currentId: string): Promise<SessionSummary[]> {
  const now = Date.now();
  const rows = await em.find(
    Session,
    { user: userId, expiresAt: { $gt: new Date(now) } },
    { orderBy: { lastSeenAt: 'desc', id: 'desc' } },
  );
  return rows.map((s) => ({
    id: s.id,
    current: s.id === currentId,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip ?? null,
    userAgent: s.userAgent ?? null,
    sudoActive: !!s.sudoUntil && s.sudoUntil.getTime() > now,
  }));
}

/** Ends one of the user's sessions; another user's session id is simply not found. */
export async function revokeSession(em: EntityManager, userId: string, sessionId: string): Promise<void> {
  const deleted = await em.nativeDelete(Session, { id: sessionId, user: userId });
  if (deleted === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such session' });
}

export async function revokeOtherSessions(em: EntityManager, userId: string, keepId: string): Promise<number> {
  return em.nativeDelete(Session, { user: userId, id: { $ne: keepId } });
}
