import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Orm } from './index.js';

export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/** Which engine this test run uses: `TEST_DB=postgres` or the embedded default, SQLite. */
export function testDatabaseKind(): 'sqlite' | 'postgres' {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

const adminUrl = (): string => process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A brand-new, empty database for one test file: a temp SQLite file, or a fresh PostgreSQL
 * database, so parallel runs and files never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString('hex');
  if (testDatabaseKind() === 'sqlite') {
    const file = join(tmpdir(), `gatehouse-test-${suffix}.db`);
    return {
      url: `sqlite:${file}`,
      kind: 'sqlite',
      drop: async () => {
        await Promise.all(['', '-wal', '-shm', '-journal'].map((ext) => rm(file + ext, { force: true })));
      },
    };
  }
  const name = `gatehouse_test_${suffix}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Makes the database itself refuse new rows of `table` for which `when` (SQL over `new`) holds,
 * while `run` runs: a real failure of a real statement, for rollback and error-path tests.
 */
export async function refusingInserts(orm: Orm, table: string, when: string, run: () => Promise<void>): Promise<void> {
  const conn = orm.em.getConnection();
  const postgres = testDatabaseKind() === 'postgres';
  if (postgres) {
    await conn.execute(
      `create function refuse_insert() returns trigger as $$ begin if ${when} then raise exception 'injected failure'; end if; return new; end $$ language plpgsql`,
    );
    await conn.execute(`create trigger refuse_insert before insert on "${table}" for each row execute function refuse_insert()`);
  } else {
    await conn.execute(`create trigger refuse_insert before insert on "${table}" when ${when} begin select raise(abort, 'injected failure'); end`);
  }
  try {
    await run();
  } finally {
    await conn.execute(postgres ? `drop trigger refuse_insert on "${table}"` : 'drop trigger refuse_insert');
    if (postgres) await conn.execute('drop function refuse_insert()');
  }
}
