// Race: several instances start at once on an empty database. Without a lock each sees every
// migration pending and they run them together (PostgreSQL then fails on its catalog, SQLite on
// a table that already exists). With it, exactly one instance migrates and the others find
// nothing left to do.
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsList, openDatabase, type Orm } from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';

describe('the migration lock', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('lets exactly one of four instances starting together apply the migrations, once each', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const applied: string[][] = [];
    const orms: Orm[] = await Promise.all(
      Array.from({ length: 4 }, () => openDatabase(db.url, { onMigrated: (names) => applied.push(names) })),
    );
    cleanups.push(async () => {
      for (const orm of orms) await orm.close(true);
    });

    const all = migrationsList.map((m) => m.name);
    expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, 0, all.length]);
    expect(applied.flat()).toEqual(all);
    const rows = await orms[0]!.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations order by id');
    expect(rows.map((r) => r.name)).toEqual(all);
    for (const orm of orms) expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
  });

  it('is released when migrating fails, so the next start can try again', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    // A table the first migration creates, already there: that migration fails and rolls back.
    const first = await openDatabase(db.url, { migrate: false });
    await first.em.getConnection().execute('create table "user" (id integer)');
    await first.close(true);
    await expect(openDatabase(db.url)).rejects.toThrow();

    const fixer = await openDatabase(db.url, { migrate: false });
    await fixer.em.getConnection().execute('drop table "user"');
    await fixer.close(true);
    let applied: string[] = [];
    const orm = await openDatabase(db.url, { onMigrated: (names) => (applied = names) });
    cleanups.push(() => orm.close(true));
    expect(applied).toHaveLength(migrationsList.length);
  });
});
