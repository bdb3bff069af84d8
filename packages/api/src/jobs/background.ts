import type { DatabaseKind, Orm } from '@gatehouse/db';
import { remindExpiringKeys } from '../domain/api-keys.js';
import { ERASURE_JOB, erasureJob, type ErasureLimits } from '../domain/erasure.js';
import { DEFAULT_RETENTION, purgeExpired, type RetentionPolicy } from '../domain/retention.js';
import { mailDelivery, MAIL_JOB } from '../mail/deliver-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { Backoff } from './queue.js';
import { createJobRunner, type JobLog, type JobRunner } from './runner.js';

export const KEY_REMINDER_JOB = 'keys.remind';
export const RETENTION_JOB = 'retention.purge';
/** Hourly: often enough that no table grows for long, rare enough to cost nothing between runs. */
export const RETENTION_EVERY_MS = 60 * 60_000;

export interface BackgroundJobsOptions {
  databaseKind: DatabaseKind;
  mailer: Mailer;
  /** Its host names the Message-IDs of outgoing mail. */
  appOrigin: string;
  /** The rate limits: an erasure left unfinished deletes the user's counts from Redis through them. */
  limits: ErasureLimits;
  /** What the hourly purge deletes, and after how long (AUDIT_RETENTION_DAYS among it). */
  retention?: RetentionPolicy;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  backoff?: Backoff;
  log?: JobLog;
}

/** Gatehouse's background work: mail, unfinished erasures, key-expiry reminders every 15 minutes, purges every hour. */
export function createBackgroundJobs(orm: Orm, options: BackgroundJobsOptions): JobRunner {
  const { mailer, appOrigin, limits, retention = DEFAULT_RETENTION, ...runner } = options;
  // Well inside the lease: a purge that runs on leaves the rest to the next hour instead of
  // letting its lease run out and another instance start the same purge beside it.
  const purgeBudgetMs = Math.floor((runner.leaseMs ?? 120_000) / 2);
  return createJobRunner(orm, {
    ...runner,
    handlers: {
      [MAIL_JOB]: mailDelivery(mailer, new URL(appOrigin).hostname),
      [KEY_REMINDER_JOB]: {
        repeatable: true,
        async run(em) {
          await remindExpiringKeys(em);
        },
      },
      [ERASURE_JOB]: erasureJob(limits),
      [RETENTION_JOB]: {
        repeatable: true,
        async run(em) {
          const report = await purgeExpired(em, retention, { budgetMs: purgeBudgetMs });
          const deleted = Object.fromEntries(Object.entries(report).map(([target, count]) => [target, count.deleted]));
          runner.log?.info({ deleted }, 'retention purge finished');
        },
      },
    },
    schedules: [
      { kind: KEY_REMINDER_JOB, everyMs: 15 * 60_000 },
      { kind: RETENTION_JOB, everyMs: RETENTION_EVERY_MS },
    ],
  });
}
