import { knex, SqliteKnexDialect, type Knex } from '@mikro-orm/knex';
import pg from 'pg';
import type { DatabaseTarget } from './config.js';

/**
 * Held by whoever migrates, so instances that start together never race: the migrator's own
 * first steps (creating its table, reading what ran) happen outside its transaction, and two
 * of them at once fail on PostgreSQL's catalog or apply a migration twice. Whoever waits finds
 * nothing pending once it gets the lock.
 */
export async function withMigrationLock<T>(target: DatabaseTarget, run: () => Promise<T>): Promise<T> {
  if (target.kind === 'postgres') return withAdvisoryLock(target.location, run);
  if (target.location === ':memory:') return run();
  return withSqliteFileLock(`${target.location}-migrate.lock`, run);
}

/** One number for "Gatehouse migrations" in PostgreSQL's advisory-lock space ('gatehouse' in ASCII, truncated). */
const ADVISORY_KEY = 0x6761_7465_686f_75n;

/**
 * A session-level advisory lock on a connection of its own: the server holds it exactly while it
 * migrates, and PostgreSQL releases it by itself if that process dies.
 */
async function withAdvisoryLock<T>(url: string, run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [ADVISORY_KEY.toString()]);
    try {
      return await run();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [ADVISORY_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}

/**
 * SQLite's own file lock, on a small file beside the database: an exclusive transaction held
 * open while the migrator works on the database through its own connection. The operating
 * system drops the lock if the process dies, so a crash never leaves a stale lock behind.
 */
async function withSqliteFileLock<T>(file: string, run: () => Promise<T>): Promise<T> {
  const lock = knex({
    // MikroORM's own SQLite dialect (the one its driver uses); typed apart from knex's Client class.
    client: SqliteKnexDialect as unknown as typeof Knex.Client,
    connection: { filename: file },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  try {
    await lock.raw('pragma busy_timeout = 1000');
    // Another instance may migrate for longer than any busy timeout: keep waiting, a second at a time.
    for (;;) {
      try {
        await lock.raw('begin exclusive');
        break;
      } catch (err) {
        if (!String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw err;
      }
    }
    try {
      return await run();
    } finally {
      await lock.raw('commit');
    }
  } finally {
    await lock.destroy();
  }
}
