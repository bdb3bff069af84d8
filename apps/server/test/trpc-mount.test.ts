// The direct query path must be indistinguishable from tRPC's own Fastify adapter: the same
// request against both mounts gives the same status, body and headers. A third route answers
// only through the direct path, to prove which requests it takes and which it leaves alone.
import { appRouter, createContext, createRateLimits, defaultApiConfig, responseHeaders, type RateLimits } from '@gatehouse/api';
import { openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterOptions, answerQueries, mountTrpc, type TrpcMountOptions } from '../src/trpc-mount.js';

const config = { ...defaultApiConfig, appOrigin: 'http://gatehouse.test' };
let db: TestDatabase;
let orm: Orm;
let rateLimits: RateLimits;
let app: FastifyInstance;
let base: string;
let cookie: string;
const failures: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase(db.url);
  rateLimits = createRateLimits(orm, {});
  const opts: TrpcMountOptions = {
    router: appRouter,
    createContext: (req) => {
      if (req.headers['x-break-context']) throw new Error('secret detail: the context could not be built');
      return createContext({ orm, config, rateLimits, headers: req.headers, ip: req.ip });
    },
    responseHeaders,
    onError: ({ error, path }) => failures.push(`${path ?? '?'} ${error.code}`),
    maxBatchSize: 10,
  };
  app = Fastify();
  await app.register((scope, _o, done) => {
    mountTrpc(scope, '/trpc', opts);
    done();
  });
  await app.register(fastifyTRPCPlugin, { prefix: '/reference', trpcOptions: adapterOptions(opts) });
  app.get<{ Params: { path: string } }>('/direct-only/:path', async (req, reply) => {
    if (!(await answerQueries(opts, req, reply, req.params.path))) return reply.code(599).send('not a direct query');
    return reply;
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });

  const signUp = await fetch(`${base}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: config.appOrigin },
    body: JSON.stringify({ email: 'mount@example.com', password: 'a perfectly fine passphrase', displayName: 'Mount', orgName: 'Mount Org' }),
  });
  expect(signUp.status).toBe(200);
  cookie = signUp.headers.getSetCookie()[0]!.split(';')[0]!;
});
afterAll(async () => {
  await app.close();
  await rateLimits.close();
  await orm.close(true);
  await db.drop();
});

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const elevenCalls = Array.from({ length: 11 }, () => 'me.get').join(',');

// [what, path and query, request headers, answered directly?]
const cases: [string, string, Record<string, string>, boolean][] = [
  ['me.get, signed in', 'me.get', {}, true],
  ['me.get, anonymous', 'me.get', { cookie: '' }, true],
  ['me.get with a dead session cookie', 'me.get', { cookie: 'session=abcdefghijklmnopqrstuvwxyz234567abcdefgh' }, true],
  ['a batch of queries', `me.get,me.sessions.list,me.sudo.status?batch=1&input=${input({})}`, {}, true],
  ['a batch with one invalid input (207)', `me.get,me.notifications.list?batch=1&input=${input({ 1: { limit: -5 } })}`, {}, true],
  ['a query with invalid input', `me.notifications.list?input=${input({ limit: 'all' })}`, {}, true],
  ['an unknown procedure', 'me.nothingHere', {}, false],
  ['a mutation over GET', `me.updateProfile?input=${input({ displayName: 'Hijack' })}`, {}, false],
  ['input that is not JSON', 'me.get?input=%7Bnot-json', {}, false],
  ['a batch over the cap', `${elevenCalls}?batch=1&input=${input({})}`, {}, false],
  ['a batch whose input is not an object', `me.get?batch=1&input=${input([1])}`, {}, false],
  ['a streaming batch', `me.get?batch=1&input=${input({})}`, { 'trpc-accept': 'application/jsonl' }, false],
  ['a percent-encoded path', 'me%2Eget', {}, true],
  ['a path tRPC decodes a second time', 'me%252Eget', {}, false],
  ['a request whose context cannot be built', 'me.get', { 'x-break-context': '1' }, false],
];

async function get(prefix: string, path: string, headers: Record<string, string>) {
  const res = await fetch(`${base}/${prefix}/${path}`, { headers: { cookie, ...headers } });
  const pick = ['content-type', 'vary', 'cache-control', 'retry-after'].map((h) => [h, res.headers.get(h)]);
  return { status: res.status, headers: Object.fromEntries(pick), cookies: res.headers.getSetCookie(), body: await res.text() };
}

describe('tRPC mount', () => {
  it.each(cases)('answers %s exactly as tRPC’s adapter does', async (_what, path, headers, direct) => {
    const ours = await get('trpc', path, headers);
    const reference = await get('reference', path, headers);
    expect(ours).toEqual(reference);
    const directOnly = await get('direct-only', path, headers);
    if (direct) expect(directOnly).toEqual(reference);
    else expect(directOnly.status).toBe(599);
  });

  it('serves the signed-in user’s data and refuses the anonymous, as the adapter does', async () => {
    const me = JSON.parse((await get('trpc', 'me.get', {})).body) as { result: { data: { email: string } } };
    expect(me.result.data.email).toBe('mount@example.com');
    const anonymous = await get('trpc', 'me.get', { cookie: '' });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ error: { data: { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' } } });
    expect(failures).toContain('me.get UNAUTHORIZED');
  });

  it('leaves a failing context to the adapter, which answers without its message', async () => {
    const res = await get('trpc', 'me.get', { 'x-break-context': '1' });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('secret detail');
  });

  it('still takes mutations (through the adapter), with their Origin check', async () => {
    const res = await fetch(`${base}/trpc/me.updateProfile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'http://evil.test' },
      body: JSON.stringify({ displayName: 'Hijack' }),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse((await get('trpc', 'me.get', {})).body)).toMatchObject({ result: { data: { displayName: 'Mount' } } });
  });
});
