// Attack and accident: an export of a long history must not take the server's memory, a plain
// POST (curl with a key) must still get one complete JSON document, and a request that is refused
// must not spend the caller's export allowance or leave an audit row claiming an export; and the
// REST door (POST /api/me/export) must not be the one that builds the whole document in memory;
// and a database failing before the first byte must be answered as an error (500, or 503 with the
// database away), never as a 200 with a cut body, an audit row and a spent allowance.
import { AuditEvent, newId } from '@gatehouse/db';
import { testDatabaseKind } from '@gatehouse/db/testing';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from './mailed-link.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const PASSWORD = 'a perfectly fine passphrase';
let n = 0;

async function post(path: string, body: string | undefined, headers: Record<string, string>) {
  return fetch(`${s.url}/trpc/${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
}

/** A fresh account: its session cookie, a profile:read key and a profile:write-only key. */
async function account() {
  const email = `export-${Date.now()}-${++n}@example.com`;
  const signUp = await post(
    'auth.signUp',
    JSON.stringify({ email, password: PASSWORD, displayName: 'E', orgName: 'E' }),
    { 'content-type': 'application/json', origin: s.origin },
  );
  const cookie = signUp.headers.getSetCookie().find((c) => /^session=/.test(c))!.split(';')[0]!;
  const userId = ((await signUp.json()) as { result: { data: { userId: string } } }).result.data.userId;
  await verifyAddress(s, email);
  const key = async (scopes: string[]) => {
    const res = await post('me.apiKeys.create', JSON.stringify({ name: 'k', scopes, expiresInDays: 1 }), {
      'content-type': 'application/json',
      origin: s.origin,
      cookie,
    });
    return ((await res.json()) as { result: { data: { secret: string } } }).result.data.secret;
  };
  return { cookie, userId, readKey: await key(['profile:read']), writeKey: await key(['profile:write']) };
}

/** Audit events straight into the table: `own` done by the user, `about` done to them by someone else. */
async function seedActivity(userId: string, own: number, about: number) {
  const knex = s.orm.em.getConnection().getKnex();
  const postgres = s.databaseUrl.startsWith('postgres');
  const rows = Array.from({ length: own + about }, (_, i) => ({
    id: newId(),
    org_id: null,
    actor_id: i % 2 === 1 && i < 2 * about ? 'someone-else' : userId,
    target_id: i % 2 === 1 && i < 2 * about ? userId : null,
    via: 'session',
    action: `bulk.event_${i}`,
    created_at: postgres ? new Date() : Date.now(),
  }));
  for (let i = 0; i < rows.length; i += 500) await knex.insert(rows.slice(i, i + 500)).into('audit_event');
}

/**
 * `table` gone from the test's own database while `run` runs: every read of it fails for real.
 * With `unavailable` (PostgreSQL), a view stands in whose every read fails as a database shutting
 * down does (SQLSTATE 57P01), the failure the server must answer with 503.
 */
async function withTableAway(table: string, run: () => Promise<void>, unavailable = false) {
  const conn = s.orm.em.getConnection();
  await conn.execute(`alter table "${table}" rename to "${table}_away"`);
  if (unavailable) {
    await conn.execute(
      `create function "${table}_read"() returns setof "${table}_away" language plpgsql as $$ begin raise exception 'terminating connection due to administrator command' using errcode = '57P01'; end $$`,
    );
    await conn.execute(`create view "${table}" as select * from "${table}_read"()`);
  }
  try {
    await run();
  } finally {
    if (unavailable) {
      await conn.execute(`drop view "${table}"`);
      await conn.execute(`drop function "${table}_read"()`);
    }
    await conn.execute(`alter table "${table}_away" rename to "${table}"`);
  }
}

/**
 * A POST through node:http, whose response hands over every byte as it arrives, also on a
 * connection that is then dropped (fetch discards what it queued once the body errors).
 */
function rawPost(url: string, headers: Record<string, string>): Promise<{ status: number; text: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', () => undefined);
      res.on('close', () => resolve({ status: res.statusCode!, text, complete: res.complete }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The whole allowance (5 an hour) is there, and exactly that. */
async function expectFullAllowance(readKey: string) {
  for (let i = 0; i < 5; i++) {
    const ok = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
    await ok.arrayBuffer();
    expect(ok.status).toBe(200);
  }
  const limited = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
  await limited.arrayBuffer();
  expect(limited.status).toBe(429);
}

const exportsOf = (userId: string) => s.orm.em.fork().count(AuditEvent, { action: 'user.data_exported', actorId: userId });

interface ExportDocument {
  format: string;
  profile: { id: string };
  activity: { id: string; action: string; ip: string | null }[];
  notifications: unknown[];
}

describe('me.exportData over HTTP', () => {
  it('answers a plain POST with a key with one complete JSON document, streamed, each event once and in order', async () => {
    const { userId, readKey } = await account();
    await seedActivity(userId, 6000, 6000); // more than one page on each side of the activity
    const res = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // Streamed: no length known up front.
    expect(res.headers.get('content-length')).toBeNull();
    const doc = ((await res.json()) as { result: { data: ExportDocument } }).result.data;
    expect(doc.format).toBe('gatehouse-export/v1');
    expect(doc.profile.id).toBe(userId);
    const bulk = doc.activity.filter((a) => a.action.startsWith('bulk.'));
    expect(bulk).toHaveLength(12_000);
    const ids = doc.activity.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(doc.notifications.length).toBeGreaterThan(0);
  });

  it('answers a batch of one (what tRPC links send) as a one-element batch, the same document', async () => {
    const { userId, cookie, readKey } = await account();
    const single = await post('me.exportData', '{}', { 'content-type': 'application/json', authorization: `Bearer ${readKey}` });
    const batch = await post('me.exportData?batch=1', '{"0":null}', { 'content-type': 'application/json', origin: s.origin, cookie });
    expect([single.status, batch.status]).toEqual([200, 200]);
    const one = ((await single.json()) as { result: { data: ExportDocument } }).result.data;
    const [first] = (await batch.json()) as [{ result: { data: ExportDocument } }];
    const strip = (d: ExportDocument) => ({ ...d, exportedAt: null, activity: d.activity.filter((a) => a.action !== 'user.data_exported'), sessions: null, apiKeys: null });
    expect(strip(first.result.data)).toEqual(strip(one));
    expect(first.result.data.profile.id).toBe(userId);
  });

  it('spends no allowance and writes no audit row for a request that is refused', async () => {
    const { userId, cookie, readKey, writeKey } = await account();
    const refused = [
      // A cookie without our Origin (CSRF), a key without profile:read, no credential at all,
      // a GET of a mutation, a content type tRPC does not read.
      post('me.exportData', '{}', { 'content-type': 'application/json', cookie }),
      post('me.exportData', '{}', { 'content-type': 'application/json', authorization: `Bearer ${writeKey}` }),
      post('me.exportData', '{}', { 'content-type': 'application/json' }),
      fetch(`${s.url}/trpc/me.exportData`, { headers: { authorization: `Bearer ${readKey}` } }),
      post('me.exportData', 'x', { 'content-type': 'text/plain', authorization: `Bearer ${readKey}` }),
    ];
    const statuses = await Promise.all(refused.map(async (r) => { const res = await r; await res.arrayBuffer(); return res.status; }));
    expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
    expect(await exportsOf(userId)).toBe(0);
    // The whole allowance (5 an hour) is still there, and exactly that.
    for (let i = 0; i < 5; i++) {
      const ok = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
      await ok.arrayBuffer();
      expect(ok.status).toBe(200);
    }
    const limited = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe('RATE_LIMITED');
    expect(await exportsOf(userId)).toBe(5);
  });
});

describe('me.exportData when the database fails', () => {
  interface ErrorBody {
    error: { message: string; data: { code: string; httpStatus: number } };
  }
  const rest = (key: string) => fetch(`${s.url}/api/me/export`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });

  it('answers a failure of the first read with 500 and the error body on both routes, writes no audit row, spends no allowance', async () => {
    const { userId, readKey } = await account();
    const logged = s.logs().length;
    let answers: { status: number; body: ErrorBody }[] = [];
    // The head reads the user's notification preferences; nothing before it (principal, scope, limits) does.
    await withTableAway('notification_preference', async () => {
      const viaTrpc = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
      const viaRest = await rest(readKey);
      answers = [
        { status: viaTrpc.status, body: (await viaTrpc.json()) as ErrorBody },
        { status: viaRest.status, body: (await viaRest.json()) as ErrorBody },
      ];
    });
    for (const { status, body } of answers) {
      expect(status).toBe(500);
      expect(body.error.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
      // Our bug, not the caller's business: no SQL, no table names in the answer.
      expect(JSON.stringify(body)).not.toMatch(/notification_preference|select/i);
    }
    const logs = s.logs().slice(logged);
    expect(logs).toMatch(/"path":"me.exportData".*procedure failed/);
    expect(logs).toMatch(/"path":"me.exportData".*REST call failed/);
    expect(logs).not.toContain(readKey);
    expect(await exportsOf(userId)).toBe(0);
    await expectFullAllowance(readKey);
  });

  if (testDatabaseKind() === 'postgres') {
    // Only PostgreSQL can make one read fail as a database going away: SQLite reads one local
    // file and has no way to fail a single SELECT with SQLITE_BUSY while the others succeed.
    it('answers 503 on both routes when the database goes away at the first read', async () => {
      const { userId, readKey } = await account();
      let answers: { status: number; body: ErrorBody }[] = [];
      await withTableAway(
        'notification_preference',
        async () => {
          const viaTrpc = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
          const viaRest = await rest(readKey);
          answers = [
            { status: viaTrpc.status, body: (await viaTrpc.json()) as ErrorBody },
            { status: viaRest.status, body: (await viaRest.json()) as ErrorBody },
          ];
        },
        true,
      );
      for (const { status, body } of answers) {
        expect(status).toBe(503);
        expect(body.error.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503 });
      }
      expect(await exportsOf(userId)).toBe(0);
      await expectFullAllowance(readKey);
    });
  }

  it('after the first byte can only cut the body short: invalid JSON, the failure logged, on both routes', async () => {
    const { userId, readKey } = await account();
    const auth = { authorization: `Bearer ${readKey}` };
    const logged = s.logs().length;
    const cut: { status: number; text: string; complete: boolean }[] = [];
    // The notifications are read after the head: the head is on its way before they fail. A
    // document built whole before answering would have failed first and answered 500, so a 200
    // carrying the head also proves, without timing, that the answer is written as it is read.
    await withTableAway('notification', async () => {
      cut.push(await rawPost(`${s.url}/trpc/me.exportData`, auth));
      cut.push(await rawPost(`${s.url}/api/me/export`, auth));
    });
    // The connection is dropped before the chunked body's end: a client sees an incomplete
    // response, and what arrived is not a JSON document.
    expect(cut.map((c) => [c.status, c.complete])).toEqual([
      [200, false],
      [200, false],
    ]);
    const [trpc, restCut] = cut.map((c) => c.text);
    expect(trpc).toMatch(/^\{"result":\{"data":\{"format":"gatehouse-export\/v1",.*"sessions":\[.*\]$/);
    expect(restCut).toMatch(/^\{"format":"gatehouse-export\/v1",.*"sessions":\[.*\]$/);
    for (const text of [trpc, restCut]) expect(() => JSON.parse(text!) as unknown).toThrow();
    const logs = s.logs().slice(logged);
    expect(logs).toMatch(/"path":"me.exportData".*procedure failed/);
    expect(logs).toMatch(/"path":"me.exportData".*REST call failed/);
    expect(logs).not.toContain(readKey);
    // The head left, so these count as exports (what was sent is in the audit log).
    expect(await exportsOf(userId)).toBe(2);
  });
});

describe('POST /api/me/export', () => {
  it('answers with one streamed document (no length known up front): every event once, in order, as over tRPC', async () => {
    const { userId, readKey } = await account();
    await seedActivity(userId, 6000, 6000);
    const res = await fetch(`${s.url}/api/me/export`, { method: 'POST', headers: { authorization: `Bearer ${readKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-length')).toBeNull();
    // That it is written as it is read is proven without timing by the cut-short test above.
    const doc = (await res.json()) as ExportDocument;
    expect(doc.profile.id).toBe(userId);
    expect(doc.activity.filter((a) => a.action.startsWith('bulk.'))).toHaveLength(12_000);
    const ids = doc.activity.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());

    const viaTrpc = await post('me.exportData', undefined, { authorization: `Bearer ${readKey}` });
    // Key and session metadata move with use (lastUsedAt); the rest must be the same document.
    const strip = (d: ExportDocument) => ({ ...d, exportedAt: null, activity: d.activity.filter((a) => a.action !== 'user.data_exported'), sessions: null, apiKeys: null });
    expect(strip(((await viaTrpc.json()) as { result: { data: ExportDocument } }).result.data)).toEqual(strip(doc));
    expect(await exportsOf(userId)).toBe(2);
  });
});
