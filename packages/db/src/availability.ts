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
  // knex, for the statements of a transaction whose BEGIN failed on a connection PostgreSQL had
  // already ended (test/availability.test.ts): the BEGIN's own error never reaches the caller.
  /Transaction query already complete/,
];

/**
 * True when `error` (or anything in its cause chain) says the database cannot be reached at the
 * moment. Callers answer such failures with 503 (retry later) instead of 500 (our bug).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (current instanceof ConnectionException) return true;
    if (typeof current !== 'object') return false;
    const { code, name, message, cause } = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = cause;
  }
  return false;
}
