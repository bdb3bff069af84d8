import type { EntityManager } from '@gatehouse/db';

const DAY_MS = 86_400_000;

/** How long what is no longer needed is kept before the scheduled purge deletes it. */
export interface RetentionPolicy {
  /** Mail sent, jobs done: kept a while to answer "did it go out?". */
  deliveredDays: number;
  /**
   * Mail given up on and dead jobs: kept longer, long past the life of any invitation that lists
   * its mail as undeliverable (a purged mail would read as sent there).
   */
  undeliveredDays: number;
  /** Invitations this long past their expiry (accepted, revoked or never used alike). */
  invitationDays: number;
  /** Audit rows older than this go; `null` keeps the trail forever (the default). */
  auditDays: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  deliveredDays: 7,
  undeliveredDays: 60,
  invitationDays: 30,
  auditDays: null,
};

/** Rows one statement deletes at most: each batch is a short transaction of its own, never a long lock. */
export const PURGE_BATCH_SIZE = 1000;

export interface PurgeOptions {
  now?: Date;
  batchSize?: number;
  /**
   * A purge stops starting new batches after this long and leaves the rest to its next run, so one
   * run never outlives the job lease that keeps other instances from running it at the same time.
   */
  budgetMs?: number;
}

export interface PurgeCount {
  deleted: number;
  /** Delete statements run (a last, short batch included). */
  batches: number;
}

export type PurgeTarget =
  | 'sessions'
  | 'rateLimits'
  | 'deliveredMail'
  | 'undeliveredMail'
  | 'finishedJobs'
  | 'deadJobs'
  | 'invitations'
  | 'linkTokens'
  | 'pendingSignIns'
  | 'webAuthnChallenges'
  | 'auditEvents';

export type PurgeReport = Record<PurgeTarget, PurgeCount>;

/** Entities by name: each has a string primary key `id`, all a batch needs to know. */
type Purgeable =
  | 'Session'
  | 'OutboxMail'
  | 'Job'
  | 'Invitation'
  | 'LinkToken'
  | 'MfaPendingSignIn'
  | 'WebAuthnChallenge'
  | 'AuditEvent';

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * Deletes what Gatehouse no longer needs: expired sessions, limiter counts past their window,
 * delivered mail and finished jobs past the policy's period, long-expired invitations, used or
 * expired link tokens, expired second-step sign-ins and passkey challenges, and, only when
 * configured, old audit rows. Rows are deleted by primary key
 * in batches of `batchSize`, each batch its own statement.
 */
export async function purgeExpired(em: EntityManager, policy: RetentionPolicy, options: PurgeOptions = {}): Promise<PurgeReport> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const stopAt = Date.now() + (options.budgetMs ?? 60_000);
  const batched = (target: (limit: number) => Promise<number>) => deleteInBatches(target, batchSize, stopAt);
  const byId = (entity: Purgeable, where: object) =>
    batched(async (limit) => {
      // A fresh fork per batch: nothing read lingers in an identity map across thousands of rows.
      const fork = em.fork();
      const rows = await fork
        .createQueryBuilder<{ id: string }>(entity)
        .select('id')
        .where(where)
        .limit(limit)
        .execute<{ id: string }[]>('all', false);
      if (rows.length === 0) return 0;
      // The condition again: a row revived since it was read (an expired invitation resent) stays.
      return fork.nativeDelete<{ id: string }>(entity, { $and: [{ id: { $in: rows.map((r) => r.id) } }, where] });
    });

  const report = {} as PurgeReport;
  report.sessions = await byId('Session', { expiresAt: { $lte: now } });
  report.rateLimits = await batched(async (limit) => {
    // The limiter's own table (no entity): `expire` is epoch milliseconds, null for no window.
    const result = await em.getConnection().execute<{ affectedRows: number }>(
      // The window test on the outer statement too: PostgreSQL re-checks it on a row a concurrent
      // attempt has just restarted, which then keeps its new count.
      `delete from rate_limit where expire is not null and expire <= ?
         and key in (select key from rate_limit where expire is not null and expire <= ? limit ?)`,
      [now.getTime(), now.getTime(), limit],
      'run',
    );
    return result.affectedRows;
  });
  report.deliveredMail = await byId('OutboxMail', { sentAt: { $lte: daysBefore(now, policy.deliveredDays) } });
  report.undeliveredMail = await byId('OutboxMail', { failedAt: { $lte: daysBefore(now, policy.undeliveredDays) } });
  report.finishedJobs = await byId('Job', { state: 'done', finishedAt: { $lte: daysBefore(now, policy.deliveredDays) } });
  report.deadJobs = await byId('Job', { state: 'dead', finishedAt: { $lte: daysBefore(now, policy.undeliveredDays) } });
  report.invitations = await byId('Invitation', { expiresAt: { $lte: daysBefore(now, policy.invitationDays) } });
  // Used and expired links fail exactly like unknown ones, so nothing reads them again.
  report.linkTokens = await byId('LinkToken', { $or: [{ expiresAt: { $lte: now } }, { usedAt: { $ne: null } }] });
  // A second step never finished (one holds a new password's hash), a passkey ceremony abandoned.
  report.pendingSignIns = await byId('MfaPendingSignIn', { expiresAt: { $lte: now } });
  report.webAuthnChallenges = await byId('WebAuthnChallenge', { expiresAt: { $lte: now } });
  report.auditEvents =
    policy.auditDays === null
      ? { deleted: 0, batches: 0 }
      : await byId('AuditEvent', { createdAt: { $lt: daysBefore(now, policy.auditDays) } });
  return report;
}

async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  batchSize: number,
  stopAt: number,
): Promise<PurgeCount> {
  const count: PurgeCount = { deleted: 0, batches: 0 };
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    count.batches += 1;
    count.deleted += deleted;
    if (deleted < batchSize || Date.now() >= stopAt) return count;
  }
}
