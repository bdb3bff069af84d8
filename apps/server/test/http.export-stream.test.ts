// Attack and accident: an export of a long history must not take the server's memory, a plain
// POST (curl with a key) must still get one complete JSON document, and a request that is refused
// must not spend the caller's export allowance or leave an audit row claiming an export; and the
// REST door (POST /api/me/export) must not be the one that builds the whole document in memory.
import { AuditEvent, newId } from '@gatehouse/db';
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

describe('POST /api/me/export', () => {
  it('is written out as it is read: the first bytes arrive before the activity is walked, then every event once, in order, as over tRPC', async () => {
    const { userId, readKey } = await account();
    await seedActivity(userId, 6000, 6000);
    const res = await fetch(`${s.url}/api/me/export`, { method: 'POST', headers: { authorization: `Bearer ${readKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-length')).toBeNull();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    let text = decoder.decode(first.value, { stream: true });
    expect(text.startsWith('{"format":"gatehouse-export/v1"')).toBe(true);
    // Recorded after the first bytes arrived: a document built whole before answering could not hold it.
    const late = newId();
    await s.orm.em
      .getConnection()
      .getKnex()
      .insert({ id: late, org_id: null, actor_id: userId, via: 'session', action: 'late.event', created_at: s.databaseUrl.startsWith('postgres') ? new Date() : Date.now() })
      .into('audit_event');
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    text += decoder.decode();
    const doc = JSON.parse(text) as ExportDocument;
    expect(doc.profile.id).toBe(userId);
    expect(doc.activity.at(-1)).toMatchObject({ id: late, action: 'late.event' });
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
