import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseKind, EntityManager, Orm } from '@gatehouse/db';
import {
  claimJobs,
  completeJob,
  DEFAULT_BACKOFF,
  enqueueUnique,
  failJob,
  releaseJob,
  type Backoff,
  type ClaimedJob,
} from './queue.js';

export interface JobHandler {
  /** Does the work; throwing counts a failed attempt. Runs outside any request. */
  run(em: EntityManager, job: ClaimedJob): Promise<void>;
  /** Once, when the job has failed its last attempt and is dead. */
  dead?(em: EntityManager, job: ClaimedJob, error: string): Promise<void>;
  /** Safe to start over from scratch: on shutdown its lease is given back at once. */
  repeatable?: boolean;
}

/** A job every instance enqueues each `everyMs`; the slot's key lets exactly one of them exist. */
export interface Schedule {
  kind: string;
  everyMs: number;
}

export interface JobLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface JobRunnerOptions {
  databaseKind: DatabaseKind;
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  /** Jobs run at once by this instance (JOB_CONCURRENCY). */
  concurrency?: number;
  /** How long a claimed job is this runner's alone; longer than any one attempt may take. */
  leaseMs?: number;
  /** How often to look for due work when idle. */
  pollMs?: number;
  backoff?: Backoff;
  /** On stop, how long running jobs may take to finish. */
  stopGraceMs?: number;
  worker?: string;
  log?: JobLog;
}

export interface JobRunner {
  readonly worker: string;
  /** Starts polling; returns at once. */
  start(): void;
  /** Stops claiming, lets running jobs finish (within the grace) and gives back what it can. */
  stop(): Promise<void>;
  /** Runs every due job now and waits for them; returns how many ran. For tests and maintenance. */
  runDue(): Promise<number>;
}

const quiet: JobLog = { info: () => {}, warn: () => {}, error: () => {} };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The job runner: one per server instance, any number of instances on one database. Work is
 * claimed with a lease (queue.ts), run with bounded concurrency, retried with exponential backoff
 * and, after its last attempt, left dead for people to see.
 */
export function createJobRunner(orm: Orm, options: JobRunnerOptions): JobRunner {
  const worker = (options.worker ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`).slice(0, 64);
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const log = options.log ?? quiet;
  const schedules = options.schedules ?? [];

  const running = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  const scheduledSlot = new Map<string, number>();
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | null = null;
  let again = false;

  const claim = (limit: number) =>
    claimJobs(orm.em.fork(), { worker, limit, leaseMs, skipLocked: options.databaseKind === 'postgres' });

  async function execute(job: ClaimedJob): Promise<void> {
    const handler = options.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
      await handler.run(orm.em.fork(), job);
      if (!(await completeJob(orm.em.fork(), job, worker))) {
        log.warn({ jobId: job.id, kind: job.kind }, 'job finished after its lease ran out');
      }
    } catch (error) {
      const message = messageOf(error);
      try {
        const outcome = await failJob(orm.em.fork(), job, worker, message, backoff);
        if (outcome === 'dead') {
          log.error({ jobId: job.id, kind: job.kind, attempts: job.attempt, error: message }, 'job failed for the last time: dead');
          await handler?.dead?.(orm.em.fork(), job, message);
        } else {
          log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, error: message }, 'job failed; will retry');
        }
      } catch (recordError) {
        // The database is away too: the lease runs out and the job is tried again.
        log.error({ jobId: job.id, error: messageOf(recordError) }, 'could not record a failed job');
      }
    }
  }

  async function enqueueScheduled(): Promise<void> {
    const now = Date.now();
    for (const { kind, everyMs } of schedules) {
      const slot = Math.floor(now / everyMs);
      if (scheduledSlot.get(kind) === slot) continue;
      await enqueueUnique(orm.em.fork(), { kind, key: `${kind}@${new Date(slot * everyMs).toISOString()}`, maxAttempts: 3 });
      scheduledSlot.set(kind, slot);
    }
  }

  function track(job: ClaimedJob): void {
    const done = execute(job).finally(() => {
      running.delete(job.id);
      wake();
    });
    running.set(job.id, { job, done });
  }

  function later(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
  }

  function wake(): void {
    if (ticking) again = true;
    else later(0);
  }

  async function tick(): Promise<void> {
    if (stopped || ticking) return;
    again = false;
    ticking = (async () => {
      try {
        await enqueueScheduled();
        const free = concurrency - running.size;
        if (free > 0) for (const job of await claim(free)) track(job);
      } catch (error) {
        // The next tick retries; a database away for a while is an outage /readyz reports, not a
        // fault of the runner's.
        log.warn({ error: messageOf(error) }, 'job runner could not claim work');
      }
    })();
    await ticking;
    ticking = null;
    later(again ? 0 : pollMs);
  }

  return {
    worker,
    start() {
      if (!stopped) return;
      stopped = false;
      later(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking;
      const finished = Promise.allSettled([...running.values()].map((r) => r.done));
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([finished, new Promise((resolve) => (grace = setTimeout(resolve, options.stopGraceMs ?? 5000)))]);
      clearTimeout(grace);
      for (const { job } of running.values()) {
        if (options.handlers[job.kind]?.repeatable) {
          await releaseJob(orm.em.fork(), job, worker);
        } else {
          // It may be half done (a message on the wire): only the lease's end hands it over.
          log.warn({ jobId: job.id, kind: job.kind }, 'stopped while a job was running; its lease will hand it over');
        }
      }
    },
    async runDue() {
      let ran = 0;
      for (;;) {
        const jobs = await claim(concurrency);
        if (jobs.length === 0) return ran;
        await Promise.all(jobs.map(execute));
        ran += jobs.length;
      }
    },
  };
}
