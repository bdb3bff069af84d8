import type { DatabaseKind, Orm } from '@gatehouse/db';
import { remindExpiringKeys } from '../domain/api-keys.js';
import { mailDelivery, MAIL_JOB } from '../mail/deliver-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { Backoff } from './queue.js';
import { createJobRunner, type JobLog, type JobRunner } from './runner.js';

export const KEY_REMINDER_JOB = 'keys.remind';

export interface BackgroundJobsOptions {
  databaseKind: DatabaseKind;
  mailer: Mailer;
  /** Its host names the Message-IDs of outgoing mail. */
  appOrigin: string;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  backoff?: Backoff;
  log?: JobLog;
}

/** Gatehouse's background work: mail, key-expiry reminders every 15 minutes. */
export function createBackgroundJobs(orm: Orm, options: BackgroundJobsOptions): JobRunner {
  const { mailer, appOrigin, ...runner } = options;
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
    },
    schedules: [{ kind: KEY_REMINDER_JOB, everyMs: 15 * 60_000 }],
  });
}
