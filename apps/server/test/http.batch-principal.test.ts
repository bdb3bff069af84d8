// Waste and confusion: a batch of 10 calls must not look its credential up 10 times (10 session
// reads, 10 sliding-window writes, a Set-Cookie per call). One HTTP request, one principal.
// Statements are counted by the database itself: a trigger logs every write to the session table.
import { Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from './mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: 'silent' });
  const conn = s.orm.em.getConnection();
  await conn.execute('create table session_write_log (session_id varchar(36))');
  if (s.databaseUrl.startsWith('postgres')) {
    await conn.execute(
      'create function log_session_write() returns trigger as $$ begin insert into session_write_log values (new.id); return new; end $$ language plpgsql',
    );
    await conn.execute('create trigger log_session_write after update on session for each row execute function log_session_write()');
  } else {
    await conn.execute('create trigger log_session_write after update on session begin insert into session_write_log values (new.id); end');
  }
});
afterAll(async () => {
  await s.close();
});

async function sessionWrites(run: () => Promise<void>): Promise<number> {
  const conn = s.orm.em.getConnection();
  await conn.execute('delete from session_write_log');
  await run();
  const [row] = await conn.execute<{ n: number | string }[]>('select count(*) as n from session_write_log');
  return Number(row!.n);
}
const ten = (path: string) => Array.from({ length: 10 }, () => path).join(',');

describe('a batch of 10 calls', () => {
  it('by cookie: one resolution (one sliding-window write) and one Set-Cookie for ten answers', async () => {
    const signUp = await trpc(s, 'auth.signUp', { email: uniqueEmail('batch'), password: PASSWORD, displayName: 'B', orgName: 'Batch' });
    const cookie = signUp.cookie!;
    ok(signUp);
    // Seen five minutes ago: this request slides the idle window and re-sends the cookie.
    await s.orm.em.fork().nativeUpdate(Session, {}, { lastSeenAt: new Date(Date.now() - 5 * 60_000) });

    let res: Response | undefined;
    const writes = await sessionWrites(async () => {
      res = await fetch(`${s.url}/trpc/${ten('me.get')}?batch=1&input=${encodeURIComponent('{}')}`, { headers: { cookie } });
    });
    expect(res!.status).toBe(200);
    const body = (await res!.json()) as { result?: { data: { via: string } } }[];
    expect(body.map((r) => r.result?.data.via)).toEqual(Array.from({ length: 10 }, () => 'session'));
    expect(writes).toBe(1);
    expect(res!.headers.getSetCookie()).toHaveLength(1);
    // And a batch of ten of the longest-named procedures fits in one request.
    const members = await fetch(`${s.url}/trpc/${ten('orgAdmin.members.list')}?batch=1&input=${encodeURIComponent('{}')}`, { headers: { cookie } });
    expect(members.status).toBe(200);
  });

  it('by API key, ten mutations: ten answers, no cookie', async () => {
    const email = uniqueEmail('batch-key');
    const signUp = await trpc(s, 'auth.signUp', { email, password: PASSWORD, displayName: 'K', orgName: 'Keys' });
    await verifyAddress(s, email); // keys need a proven address
    const created = ok(
      await trpc<{ secret: string }>(s, 'me.apiKeys.create', { name: 'ci', scopes: ['profile:read', 'profile:write'], expiresInDays: 7 }, { cookie: signUp.cookie! }),
    );
    const res = await fetch(`${s.url}/trpc/${ten('me.updateProfile')}?batch=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { displayName: `Name ${i}` }]))),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result?: unknown; error?: unknown }[];
    expect(body.filter((r) => r.result !== undefined)).toHaveLength(10);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('with a dead cookie: one clearing Set-Cookie for ten refusals', async () => {
    const dead = `session=${'a'.repeat(40)}`;
    const res = await fetch(`${s.url}/trpc/${ten('me.get')}?batch=1&input=${encodeURIComponent('{}')}`, { headers: { cookie: dead } });
    const body = (await res.json()) as { error?: { data: { reason: string } } }[];
    expect(body.map((r) => r.error?.data.reason)).toEqual(Array.from({ length: 10 }, () => 'SESSION_REQUIRED'));
    expect(res.headers.getSetCookie()).toHaveLength(1);
  });
});
