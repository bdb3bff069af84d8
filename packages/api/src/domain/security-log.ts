import { AuditEvent, type EntityManager } from '@gatehouse/db';

/**
 * What a person's own security log shows (SPEC §8, as GitHub's security log does): how their
 * account was signed in to or tried, step-ups, keys, password, address and sessions. MFA events
 * join by their `mfa.` prefix.
 */
export const SECURITY_ACTIONS = [
  'user.signed_up',
  'user.signed_in',
  'user.sign_in_failed',
  'user.sign_in_refused',
  'user.signed_out',
  'sudo.entered',
  'sudo.failed',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'user.email_verified',
  'user.email_change_requested',
  'user.email_changed',
  'user.email_change_cancelled',
  'session.revoked',
  'session.revoked_others',
  'api_key.created',
  'api_key.rotated',
  'api_key.rotation_completed',
  'api_key.deleted',
  'user.data_exported',
] as const;

export interface SecurityLogItem {
  id: string;
  action: string;
  createdAt: string;
  ip: string | null;
  userAgent: string | null;
  /** False when someone else did it to this account (a failed guess, an owner deleting a key). */
  byYou: boolean;
}

/** Newest first; the last id of a page is the cursor of the next (ids are UUIDv7, so time-ordered). */
export async function listSecurityLog(
  em: EntityManager,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: SecurityLogItem[]; nextCursor: string | null }> {
  const rows = await em.find(
    AuditEvent,
    {
      $and: [
        { $or: [{ actorId: userId }, { targetId: userId }] },
        { $or: [{ action: { $in: [...SECURITY_ACTIONS] } }, { action: { $gte: 'mfa.', $lt: 'mfa/' } }] },
      ],
      ...(page.cursor ? { id: { $lt: page.cursor } } : {}),
    },
    { orderBy: { id: 'desc' }, limit: page.limit + 1 },
  );
  const items = rows.slice(0, page.limit).map((row): SecurityLogItem => ({
    id: row.id,
    action: row.action,
    createdAt: row.createdAt.toISOString(),
    ip: row.ip ?? null,
    userAgent: row.userAgent ?? null,
    byYou: row.actorId === userId,
  }));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}
