import { Job, LockMode, newId, type EntityManager } from '@gatehouse/db';

/** A job as its handler sees it, once this runner holds its lease. */
export interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown> | null;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown> | null;
  /** At most one job exists per key (a scheduled run, one mail). */
  key?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Adds a job to the caller's unit of work: it is written with the caller's transaction, so work
 * is queued exactly when the action that asks for it commits (a transactional outbox).
 */
export function enqueueJob(em: EntityManager, job: NewJob): void {
  em.create(Job, {
    id: newId(),
    kind: job.kind,
    payload: job.payload ?? null,
    key: job.key ?? null,
    state: 'pending',
    attempts: 0,
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    runAt: job.runAt ?? new Date(),
    lockedBy: null,
    lockedUntil: null,
    lastError: null,
    finishedAt: null,
  });
}

/** Enqueues at once, outside any transaction; a job with the same key already there wins. */
export async function enqueueUnique(em: EntityManager, job: NewJob & { key: string }): Promise<void> {
  const now = new Date();
  await em
    .createQueryBuilder(Job)
    .insert({
      id: newId(),
      kind: job.kind,
      payload: job.payload ?? null,
      key: job.key,
      state: 'pending',
      attempts: 0,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      runAt: job.runAt ?? now,
      createdAt: now,
    })
    .onConflict('key')
    .ignore()
    .execute();
}

export interface ClaimOptions {
  worker: string;
  limit: number;
  leaseMs: number;
  /**
   * PostgreSQL: read the candidates `FOR UPDATE SKIP LOCKED`, so runners on other instances pass
   * over rows being claimed instead of queueing behind them. SQLite has one writer and no row
   * locks; there the conditional update alone decides, as it does on PostgreSQL too.
   */
  skipLocked: boolean;
  now?: Date;
}

/**
 * Takes up to `limit` due jobs: pending, due, and not leased (or leased by a runner whose lease
 * ran out: it crashed or hung). Each is taken with a conditional update that succeeds for one
 * runner only, and the attempt is counted then, so a job that kills its runner every time still
 * ends up dead instead of looping.
 */
export async function claimJobs(em: EntityManager, options: ClaimOptions): Promise<ClaimedJob[]> {
  const now = options.now ?? new Date();
  const due = { state: 'pending' as const, runAt: { $lte: now }, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] };
  const lockedUntil = new Date(now.getTime() + options.leaseMs);

  const take = async (tx: EntityManager): Promise<ClaimedJob[]> => {
    const candidates = await tx.find(Job, due, {
      orderBy: { runAt: 'asc', id: 'asc' },
      limit: options.limit,
      ...(options.skipLocked ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
    });
    const claimed: ClaimedJob[] = [];
    for (const job of candidates) {
      const taken = await tx.nativeUpdate(
        Job,
        { id: job.id, attempts: job.attempts, ...due },
        { lockedBy: options.worker, lockedUntil, attempts: job.attempts + 1 },
      );
      if (taken !== 1) continue;
      claimed.push({ id: job.id, kind: job.kind, payload: job.payload ?? null, attempt: job.attempts + 1, maxAttempts: job.maxAttempts });
    }
    return claimed;
  };
  // A fork of its own: what it reads is stale the moment it is written, and must not linger.
  const fork = em.fork();
  return options.skipLocked ? fork.transactional(take) : take(fork);
}

/** Marks a job done. False when this runner no longer held the lease (it ran out and was taken over). */
export async function completeJob(em: EntityManager, job: ClaimedJob, worker: string): Promise<boolean> {
  const updated = await em.nativeUpdate(
    Job,
    { id: job.id, lockedBy: worker, state: 'pending' },
    { state: 'done', finishedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
  );
  return updated === 1;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 60 * 60_000 };

/** base · 2^(attempt-1), capped, with up to 20 % jitter so retries of one outage do not march in step. */
export function backoffDelay(attempt: number, backoff: Backoff, random = Math.random): number {
  const exponential = Math.min(backoff.baseMs * 2 ** (attempt - 1), backoff.maxMs);
  return Math.round(exponential * (1 + random() * 0.2));
}

/**
 * Records a failed attempt: back to pending after a backoff, or dead once the attempts are spent.
 * Returns what became of the job (`lost`: this runner no longer held the lease).
 */
export async function failJob(
  em: EntityManager,
  job: ClaimedJob,
  worker: string,
  error: string,
  backoff: Backoff,
): Promise<'retry' | 'dead' | 'lost'> {
  const now = new Date();
  const lastError = error.slice(0, 500);
  const dead = job.attempt >= job.maxAttempts;
  const updated = await em.nativeUpdate(
    Job,
    { id: job.id, lockedBy: worker, state: 'pending' },
    dead
      ? { state: 'dead', finishedAt: now, lockedBy: null, lockedUntil: null, lastError }
      : { runAt: new Date(now.getTime() + backoffDelay(job.attempt, backoff)), lockedBy: null, lockedUntil: null, lastError },
  );
  if (updated !== 1) return 'lost';
  return dead ? 'dead' : 'retry';
}

/** Gives a lease back without counting the attempt, for work that is safe to run again at once. */
export async function releaseJob(em: EntityManager, job: ClaimedJob, worker: string): Promise<void> {
  await em.nativeUpdate(
    Job,
    { id: job.id, lockedBy: worker, state: 'pending' },
    { lockedBy: null, lockedUntil: null, attempts: job.attempt - 1 },
  );
}
