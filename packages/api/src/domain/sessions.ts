import { Session, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { hashToken, validateSessionToken, type SessionConfig } from '../auth/sessions.js';
import { recordAudit } from './audit.js';
import type { SessionPrincipal } from './principal.js';
import type { RequestMeta } from './profile.js';

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

/**
 * Ends the session a cookie carries, and records it in the same transaction. Of parallel
 * sign-outs with one cookie, only the one whose delete removed the row writes the audit row.
 */
export async function signOutToken(em: EntityManager, config: SessionConfig, token: string, meta: RequestMeta): Promise<void> {
  await em.transactional(async (tx) => {
    const session = await validateSessionToken(tx, config, token);
    const ended = await tx.nativeDelete(Session, { tokenHash: hashToken(token) });
    if (!session || ended === 0) return;
    recordAudit(tx, {
      action: 'user.signed_out',
      orgId: null,
      actorId: session.userId,
      via: 'session',
      targetType: 'session',
      targetId: session.id,
      ...meta,
    });
  });
}

/**
 * Ends one of the user's sessions (another user's session id is simply not found) and records it
 * in the same transaction: a revocation is never without its audit row, nor audited twice.
 */
export async function revokeSession(em: EntityManager, principal: SessionPrincipal, sessionId: string, meta: RequestMeta): Promise<void> {
  await em.transactional(async (tx) => {
    const deleted = await tx.nativeDelete(Session, { id: sessionId, user: principal.userId });
    if (deleted === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such session' });
    recordAudit(tx, {
      action: 'session.revoked',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'session',
      targetId: sessionId,
      ...meta,
    });
  });
}

export async function revokeOtherSessions(em: EntityManager, userId: string, keepId: string): Promise<number> {
  return em.nativeDelete(Session, { user: userId, id: { $ne: keepId } });
}

/** me.sessions.revokeOthers: every other session ends, audited in the same transaction with how many. */
export async function revokeOtherSessionsOf(em: EntityManager, principal: SessionPrincipal, meta: RequestMeta): Promise<number> {
  return em.transactional(async (tx) => {
    const revoked = await revokeOtherSessions(tx, principal.userId, principal.sessionId);
    recordAudit(tx, {
      action: 'session.revoked_others',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'user',
      targetId: principal.userId,
      metadata: { count: revoked },
      ...meta,
    });
    return revoked;
  });
}
