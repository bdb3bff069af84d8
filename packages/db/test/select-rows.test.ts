import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User, openDatabase, selectRows, type Orm } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
let orm: Orm;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase(db.url);
  const em = orm.em.fork();
  em.create(User, { email: "o'brien?@example.com", displayName: 'O’Brien', timezone: 'UTC', locale: 'en', passwordHash: 'x' });
  em.create(User, { email: 'other@example.com', displayName: 'Other', timezone: 'UTC', locale: 'en', passwordHash: 'x' });
  await em.flush();
});
afterAll(async () => {
  await orm.close(true);
  await db.drop();
});

const byEmail = `select email, display_name from "user" where email = ?`;

describe('selectRows', () => {
  it('returns plain rows, matching values exactly, quotes and question marks included', async () => {
    const rows = await selectRows<{ email: string; display_name: string }>(orm.em.fork(), byEmail, ["o'brien?@example.com"]);
    expect(rows).toEqual([{ email: "o'brien?@example.com", display_name: 'O’Brien' }]);
    // A value that would rewrite the statement if it were spliced in matches nothing instead.
    expect(await selectRows(orm.em.fork(), byEmail, ["x' or '1'='1"])).toEqual([]);
  });

  it('rejects a failing statement and gives its connection back to the pool', async () => {
    // More failures than either pool has connections (SQLite 1, PostgreSQL 10).
    for (let i = 0; i < 12; i++) {
      await expect(selectRows(orm.em.fork(), 'select nope from "user" where email = ?', ['x'])).rejects.toThrow(/nope/);
    }
    // Had any failure kept its connection, this would wait for one forever.
    expect(await selectRows(orm.em.fork(), byEmail, ['other@example.com'])).toHaveLength(1);
  });

  it('reads inside the EntityManager’s transaction, seeing its own uncommitted writes', async () => {
    await orm.em.fork().transactional(async (tx) => {
      tx.create(User, { email: 'pending@example.com', displayName: 'Pending', timezone: 'UTC', locale: 'en', passwordHash: 'x' });
      await tx.flush();
      expect(await selectRows(tx, byEmail, ['pending@example.com'])).toHaveLength(1);
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
    expect(await selectRows(orm.em.fork(), byEmail, ['pending@example.com'])).toEqual([]);
  });
});

class RollBack extends Error {}
