import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { Options } from '@mikro-orm/core';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { entities } from './entities/index.js';
import { migrationsList } from './migrations/index.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** File path for SQLite, connection URL for PostgreSQL. */
  location: string;
}

/** `sqlite:<path>` (the embedded default) or `postgres://…` / `postgresql://…` (SPEC §7). */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/gatehouse.db');
    return { kind: 'sqlite', location: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', location: url };
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

export function ormOptions(target: DatabaseTarget, options: { debug?: boolean } = {}): Options {
  const common = {
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    debug: options.debug ?? false,
    // Entities are validated at start-up against their definitions, never discovered from disk.
    discovery: { warnWhenNoEntities: true },
    forceUndefined: false,
    // A managed entity never leaves a request's fork; we never rely on the global context.
    allowGlobalContext: false,
  } satisfies Options;

  if (target.kind === 'sqlite') {
    if (target.location !== ':memory:') mkdirSync(dirname(target.location), { recursive: true });
    return {
      ...common,
      driver: SqliteDriver,
      dbName: target.location,
      // One connection: SQLite has one writer anyway, and a second connection turns concurrent
      // transactions into SQLITE_BUSY failures instead of a queue.
      pool: { min: 1, max: 1, afterCreate: sqliteAfterCreate },
    };
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: target.location,
    pool: { min: 0, max: 10 },
    // Fail fast when PostgreSQL is away: a request waits a few seconds for a connection, never
    // knex's default minute, and answers 503 (the load balancer retries elsewhere).
    driverOptions: { acquireConnectionTimeout: 5000, connection: { connectionTimeoutMillis: 3000 } },
  };
}

type SqliteHandle = { exec(sql: string, cb: (err: Error | null) => void): void };

// WAL lets readers proceed during a write; busy_timeout makes a second connection (the rate
// limiter's, or another instance's) wait for the lock instead of failing with SQLITE_BUSY. It
// comes first: switching a new file to WAL takes an exclusive lock, and instances opening one
// database together would otherwise fail that switch at once instead of waiting their turn.
function sqliteAfterCreate(conn: SqliteHandle, done: (err: Error | null, conn: SqliteHandle) => void): void {
  conn.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;', (err) =>
    done(err, conn),
  );
}
