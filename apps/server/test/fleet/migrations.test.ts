// Race: a deploy starts several servers at once on an empty database; each would see every
// migration pending and run it. One must migrate, the others wait and find nothing to do, and
// all of them serve. Deploy pipelines migrate first with `gatehouse migrate`, on its own.
import { migrationsList, openDatabase } from '@gatehouse/db';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { logLines, runCli, startInstance, type Instance } from './instances.js';

const allMigrations = migrationsList.map((m) => m.name);
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function appliedMigrations(url: string): Promise<string[]> {
  const orm = await openDatabase(url, { migrate: false });
  try {
    const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations order by id');
    return rows.map((r) => r.name);
  } finally {
    await orm.close(true);
  }
}

describe('migrations in a fleet', () => {
  it('two instances started together on an empty PostgreSQL database: one migrates, both serve', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const instances = await Promise.all([0, 1].map(() => startInstance({ DATABASE_URL: db.url })));
    cleanups.push(() => Promise.all(instances.map((i) => i.stop())));

    const runs = instances.map((i) => logLines(i, 'database migrated'));
    expect(runs.map((r) => r.length).sort()).toEqual([0, 1]);
    expect(runs.flat()[0]!.migrations).toEqual(allMigrations);
    expect(await appliedMigrations(db.url)).toEqual(allMigrations);

    // Both serve the same data: an account made through one works through the other.
    const [a, b] = instances as [Instance, Instance];
    const email = uniqueEmail('fleet');
    const signUp = await trpc(a, 'auth.signUp', { email, password: PASSWORD, displayName: 'Fleet', orgName: 'Fleet Org' });
    const me = ok(await trpc<{ email: string }>(b, 'me.get', undefined, { cookie: signUp.cookie! }, 'query'));
    expect(me.email).toBe(email);
  });

  describe.each(['postgres', 'sqlite'] as const)('gatehouse migrate on %s', (kind) => {
    it('applies every migration on its own, then finds nothing to do; a server started after it migrates nothing', async () => {
      let db: Pick<TestDatabase, 'url' | 'drop'>;
      if (kind === 'postgres') {
        db = await createTestDatabase();
      } else {
        const dir = await mkdtemp(join(tmpdir(), 'gatehouse-migrate-'));
        db = { url: `sqlite:${join(dir, 'gatehouse.db')}`, drop: () => rm(dir, { recursive: true, force: true }) };
      }
      cleanups.push(() => db.drop());

      const first = await runCli(['--json', 'migrate'], { DATABASE_URL: db.url });
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({ database: kind, applied: allMigrations });
      expect(await appliedMigrations(db.url)).toEqual(allMigrations);

      const again = await runCli(['migrate'], { DATABASE_URL: db.url });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('nothing to apply');

      const server = await startInstance({ DATABASE_URL: db.url });
      cleanups.push(() => server.stop());
      expect(logLines(server, 'database migrated')).toEqual([]);
      expect(await appliedMigrations(db.url)).toEqual(allMigrations);
    });
  });

  it('gatehouse migrate fails with exit 1 and a reason when the database cannot be reached', async () => {
    const run = await runCli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gatehouse: migration failed: .*ECONNREFUSED/);
  });
});
