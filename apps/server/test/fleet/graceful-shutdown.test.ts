// Deploys: an instance told to stop (SIGTERM) while it is answering someone must not cut them
// off. It stops taking connections at once, finishes what is in flight (the write lands and the
// client gets its answer), then exits cleanly.
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { eventually, startInstance, type Instance } from './instances.js';

let db: TestDatabase;
let server: Instance;
beforeAll(async () => {
  db = await createTestDatabase();
  server = await startInstance({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('SIGTERM', () => {
  it('finishes the request in flight, refuses new connections meanwhile, then exits 0', async () => {
    const signUp = await trpc<{ userId: string }>(server, 'auth.signUp', { email: uniqueEmail('drain'), password: PASSWORD, displayName: 'Before', orgName: 'Drain' });
    const { userId } = ok(signUp);

    // Hold the user's row: the profile update below waits on it, in flight, for as long as we like.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select id from "user" where id = $1 for update', [userId]);

    const inFlight = trpc(server, 'me.updateProfile', { displayName: 'After' }, { cookie: signUp.cookie! });
    const dbName = new URL(db.url).pathname.slice(1);
    await eventually(
      async () => (await blocker.query("select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'", [dbName])).rows[0].n as number,
      (n) => n > 0,
    );

    server.child.kill('SIGTERM');
    await eventually(() => refusesConnections(server.port), (refused) => refused);
    expect(server.child.exitCode).toBeNull();

    await blocker.query('commit');
    await blocker.end();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await server.exited, server.logs()).toBe(0);

    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    try {
      const { rows } = await check.query('select display_name from "user" where id = $1', [userId]);
      expect(rows).toEqual([{ display_name: 'After' }]);
    } finally {
      await check.end();
    }
    expect(server.logs()).toContain('shutting down: finishing in-flight requests');
  });
});
