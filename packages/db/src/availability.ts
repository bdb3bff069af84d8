import { ConnectionException } from '@mikro-orm/core';

/**
 * Error codes that mean "the database is not there right now", not "this statement is wrong":
 * the network (refused, reset, unreachable), PostgreSQL shutting down, starting up or out of
 * connections (SQLSTATE classes 08 and 57P, 53300), and SQLite's lock held past busy_timeout.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Messages of pg and knex that carry no code for the same conditions. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Timeout acquiring a connection/i,
  /connection timeout/i,
];

/**
 * knex's answer for a statement run in a transaction that has already ended. A restart gives it
 * (BEGIN failed on a connection PostgreSQL had ended, and the BEGIN's own error never reaches the
 * caller: test/availability.test.ts), but so does our own bug (a statement that escaped its
 * transaction). Only the database being unreachable right now tells the two apart.
 */
const ENDED_TRANSACTION = /Transaction query already complete/;

/**
 * True when `error` (or anything in its cause chain) says the database cannot be reached at the
 * moment. Callers answer such failures with 503 (retry later) instead of 500 (our bug).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someInChain(error, ({ code, name, message }) => {
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (name === 'KnexTimeoutError') return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
  });
}

/**
 * isDatabaseUnavailable, or a statement refused because its transaction had ended while the
 * database cannot be reached now (`reachable` probes it: only failing requests pay for that).
 * What callers answer with 503; anything else stays a 500, our bug, logged as an error.
 */
export async function isDatabaseAway(error: unknown, reachable: () => Promise<boolean>): Promise<boolean> {
  if (isDatabaseUnavailable(error)) return true;
  const endedTransaction = someInChain(error, ({ message }) => typeof message === 'string' && ENDED_TRANSACTION.test(message));
  return endedTransaction && !(await reachable());
}

interface ErrorFields {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Whether `test` holds for `error` or anything in its cause chain (MikroORM's ConnectionException always does). */
function someInChain(error: unknown, test: (fields: ErrorFields) => boolean): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (current instanceof ConnectionException) return true;
    if (typeof current !== 'object') return false;
    if (test(current)) return true;
    current = (current as ErrorFields).cause;
  }
  return false;
}
