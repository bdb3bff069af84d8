// Fault: PostgreSQL ends connections (a restart, a failover, an operator's pg_terminate_backend)
// while requests hold them or while they sit idle in the pool. What a request's statements then
// report (the termination itself, a reset socket) is the database being away: 503, not 500.
// knex's "Transaction query already complete" (statements of a transaction whose BEGIN already
// failed) is that only while the database cannot be reached; our own bug gives it too, and stays
// a 500. A statement that is simply wrong stays a 500.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseAway, isDatabaseReachable, isDatabaseUnavailable, openDatabase, type EntityManager, type Orm } from '../src/index.js';

// PostgreSQL is the engine that ends connections under a live process; the test needs no tables.
const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let orm: Orm;
let admin: pg.Client;
beforeAll(async () => {
  orm = await openDatabase(url, { migrate: false });
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await orm.close(true);
});

const select = (em: EntityManager, sql: string) => em.getConnection().execute<{ pid: number }[]>(sql, [], 'all', em.getTransactionContext());

/** Every error a transaction of two statements meets, after `interfere` has run inside it. */
async function errorsOfTransaction(on: Orm, interfere: (em: EntityManager) => Promise<void>): Promise<Error[]> {
  const seen: Error[] = [];
  await on.em
    .fork()
    .transactional(async (em) => {
      await interfere(em);
      for (let i = 0; i < 2; i++) await select(em, 'select 1').catch((error: Error) => seen.push(error));
    })
    .catch((error: Error) => seen.push(error));
  return seen;
}

describe('isDatabaseUnavailable and isDatabaseAway', () => {
  // First, while every pooled connection is still alive.
  it('does not hold for a statement that is simply wrong', async () => {
    const error = await orm.em.getConnection().execute('select * from no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('holds for every error of a transaction whose connection was ended while it was idle in it', async () => {
    const seen = await errorsOfTransaction(orm, async (em) => {
      const [{ pid }] = (await select(em, 'select pg_backend_pid() as pid')) as [{ pid: number }];
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const error of seen) expect([error.message, isDatabaseUnavailable(error)]).toEqual([error.message, true]);
  });

  it('a transaction begun on a pooled connection that was already ended: away while the database cannot be reached, a bug while it answers', async () => {
    // Whether BEGIN meets the ended connection before the pool notices depends on timing: try
    // on fresh pools until it has, and hold every error met on the way to the same rule.
    const seen: Error[] = [];
    let attempts = 0;
    while (!seen.some((e) => /Transaction query already complete/.test(e.message)) && attempts++ < 20) {
      const fresh = await openDatabase(url, { migrate: false });
      try {
        const [{ pid }] = (await fresh.em.getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid')) as [{ pid: number }];
        await admin.query('select pg_terminate_backend($1)', [pid]);
        seen.push(...(await errorsOfTransaction(fresh, async () => {})));
      } finally {
        await fresh.close(true);
      }
    }
    expect(seen.map((e) => e.message)).toContainEqual(expect.stringMatching(/Transaction query already complete/));
    // The ended transaction alone does not say why it ended: away only while the database cannot
    // be reached (during the restart), our own bug (a 500) while it answers.
    const closed = await openDatabase(url, { migrate: false });
    await closed.close(true);
    const unreachable = () => isDatabaseReachable(closed);
    const reachable = () => isDatabaseReachable(orm);
    expect(await reachable()).toBe(true);
    expect(await unreachable()).toBe(false);
    for (const error of seen) {
      const ended = /Transaction query already complete/.test(error.message);
      expect([error.message, isDatabaseUnavailable(error)]).toEqual([error.message, !ended]);
      expect([error.message, await isDatabaseAway(error, unreachable)]).toEqual([error.message, true]);
      expect([error.message, await isDatabaseAway(error, reachable)]).toEqual([error.message, !ended]);
    }
  });

});
