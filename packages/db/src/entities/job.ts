import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';

export const JOB_STATES = ['pending', 'done', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Background work (mail, reminders, purges), durable across restarts and shared by every server
 * instance. A runner takes a due row by setting a lease (`lockedBy`, `lockedUntil`); a crashed
 * runner's lease runs out and another takes the job over. `dead` is the end of a job that failed
 * `maxAttempts` times: kept, visible, never silently dropped.
 */
export const Job = defineEntity({
  name: 'Job',
  tableName: 'job',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    kind: p.string().length(64),
    payload: p.json<Record<string, unknown>>().nullable(),
    /** At most one job per key: a scheduled run enqueued by every instance exists once. */
    key: p.string().length(128).nullable().unique(),
    state: p.enum([...JOB_STATES]),
    attempts: p.integer(),
    maxAttempts: p.integer(),
    /** Not before: the first run, or the next try after a backoff. */
    runAt: p.datetime(),
    lockedBy: p.string().length(64).nullable(),
    lockedUntil: p.datetime().nullable(),
    lastError: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  }),
  indexes: [{ properties: ['state', 'runAt'] }, { properties: ['state', 'finishedAt'] }],
});
export type Job = InferEntity<typeof Job>;
