// Crash: the embedded SQLite instance is killed outright (SIGKILL: no shutdown, no flush) in the
// middle of a stream of writes. After a restart the file must be intact and every write the
// server acknowledged must still be there.
import { openDatabase } from '@gatehouse/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { freePort, startInstance, type Instance } from './instances.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
const url = `sqlite:${join(dir, 'gatehouse.db')}`;
const instances: Instance[] = [];
afterAll(async () => {
  for (const i of instances) await i.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite under SIGKILL', () => {
  it('restarts with an intact file and every acknowledged write', async () => {
    const port = await freePort();
    const first = await startInstance({ DATABASE_URL: url }, { port });
    instances.push(first);
    const signUp = await trpc(first, 'auth.signUp', { email: uniqueEmail('crash'), password: PASSWORD, displayName: 'C', orgName: 'Crash' });
    const cookie = signUp.cookie!;
    ok(signUp);

    const acknowledged: string[] = [];
    let n = 0;
    const writer = async (id: number) => {
      for (;;) {
        const name = `team-${id}-${++n}`;
        try {
          const result = await trpc(first, 'orgAdmin.teams.create', { name }, { cookie });
          if (result.status === 200) acknowledged.push(name);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, i) => writer(i));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(0);

    const second = await startInstance({ DATABASE_URL: url }, { port });
    instances.push(second);
    ok(await trpc(second, 'me.get', undefined, { cookie }, 'query'));
    await second.stop();

    const orm = await openDatabase(url, { migrate: false });
    try {
      const conn = orm.em.getConnection();
      expect(await conn.execute('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const names = new Set((await conn.execute<{ name: string }[]>('select name from team')).map((t) => t.name));
      expect(acknowledged.filter((t) => !names.has(t))).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });
});
