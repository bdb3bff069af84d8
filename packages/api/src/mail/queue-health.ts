import { Job, type EntityManager } from '@gatehouse/db';
import { MAIL_JOB } from './deliver-mail.js';
import type { Mailer } from './mailer.js';

export interface MailHealth {
  /** `up`; `degraded` when due mail has waited too long; `down` when the SMTP server does not answer. */
  state: 'up' | 'degraded' | 'down';
  /** The SMTP server's answer to a probe of its own; `not configured` without SMTP_URL (the local outbox). */
  smtp: 'up' | 'down' | 'not configured';
  /** Mail due to be sent now and not yet taken by a runner. */
  due: number;
  /** How long the oldest of those has been due, in seconds (0 when none is). */
  oldestDueSeconds: number;
  /** Mail given up on after its last attempt (kept until the retention purge). */
  dead: number;
}

/** Due mail older than this means no runner is keeping up: the queue is degraded. */
export const MAIL_BACKLOG_SECONDS = 300;

/** The mail queue read from the job table (its (state, run_at) index), and the SMTP probe's answer. */
export async function mailHealth(em: EntityManager, smtpReachable: boolean | null, now = new Date()): Promise<MailHealth> {
  // Due as a runner sees it: pending, its time come, and not leased (or its lease ran out).
  const dueWhere = {
    kind: MAIL_JOB,
    state: 'pending' as const,
    runAt: { $lte: now },
    $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }],
  };
  const [due, dead, oldest] = await Promise.all([
    em.count(Job, dueWhere),
    em.count(Job, { kind: MAIL_JOB, state: 'dead' }),
    em.findOne(Job, dueWhere, { fields: ['runAt'], orderBy: { runAt: 'asc' } }),
  ]);
  const oldestDueSeconds = oldest ? Math.max(0, Math.floor((now.getTime() - oldest.runAt.getTime()) / 1000)) : 0;
  const smtp = smtpReachable === null ? 'not configured' : smtpReachable ? 'up' : 'down';
  const state = smtp === 'down' ? 'down' : oldestDueSeconds > MAIL_BACKLOG_SECONDS ? 'degraded' : 'up';
  return { state, smtp, due, oldestDueSeconds, dead };
}

/**
 * The mailer's reachability, asked at most once per `ttlMs`: every load balancer polls /readyz
 * on every instance every few seconds, and each probe is a fresh SMTP connection and login.
 */
export function cachedSmtpProbe(mailer: Pick<Mailer, 'reachable'>, ttlMs = 5000): () => Promise<boolean | null> {
  let last: { at: number; answer: Promise<boolean | null> } | undefined;
  return () => {
    if (!last || Date.now() - last.at >= ttlMs) last = { at: Date.now(), answer: mailer.reachable() };
    return last.answer;
  };
}
