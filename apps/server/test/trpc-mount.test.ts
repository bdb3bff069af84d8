// The direct query path must be indistinguishable from tRPC's own Fastify adapter: the same
// request against both mounts gives the same status, body and the headers a client acts on. A
// third route answers only through the direct path, to prove which requests it takes and which
// it leaves alone. A second, made-up router holds what Gatehouse's procedures never do (data
// only a streaming link can carry, data JSON cannot write), to cover tRPC's refusals too.
import {
  appRouter,
  createContext,
  createRateLimits,
  defaultApiConfig,
  responseHeaders,
  type Context,
  type RateLimits,
} from '@gatehouse/api';
import { openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { initTRPC, type AnyTRPCRouter } from '@trpc/server';
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

// No stack traces in error shapes (they would name each path's own source lines).
const t = initTRPC.context<Context>().create({ isDev: false });
const edgeRouter = t.router({
  plain: t.procedure.query(() => ({ ok: true })),
  later: t.procedure.query(() => ({ value: Promise.resolve(1) })),
  big: t.procedure.query(() => ({ n: 1n })),
});

/** `${name}`: our mount; `${name}-reference`: tRPC's adapter; `${name}-direct-only`: the direct path or 599. */
async function mountThreeWays<TRouter extends AnyTRPCRouter>(name: string, opts: TrpcMountOptions<TRouter>) {
  await app.register((scope, _o, done) => {
    mountTrpc(scope, `/${name}`, opts);
    done();
  });
  await app.register(fastifyTRPCPlugin, { prefix: `/${name}-reference`, trpcOptions: adapterOptions(opts) });
  app.get<{ Params: { path: string } }>(`/${name}-direct-only/:path`, async (req, reply) => {
    if (!(await answerQueries(opts, req, reply, req.params.path))) return reply.code(599).send('not a direct query');
    return reply;
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase(db.url);
  rateLimits = createRateLimits(orm, {});
  const shared = {
    createContext: (req: Parameters<TrpcMountOptions['createContext']>[0]) => {
      if (req.headers['x-break-context']) throw new Error('secret detail: the context could not be built');
      return createContext({ orm, config, rateLimits, headers: req.headers, ip: req.ip });
    },
    responseHeaders,
    onError: ({ error, path }: { error: { code: string }; path: string | undefined }) => failures.push(`${path ?? '?'} ${error.code}`),
    maxBatchSize: 10,
  };
  app = Fastify();
  await mountThreeWays('trpc', { router: appRouter, ...shared });
  await mountThreeWays('edge', { router: edgeRouter, ...shared });
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

// [what, mount, path and query, request headers, answered directly?]
const cases: [string, 'trpc' | 'edge', string, Record<string, string>, boolean][] = [
  ['me.get, signed in', 'trpc', 'me.get', {}, true],
  ['me.get, anonymous', 'trpc', 'me.get', { cookie: '' }, true],
  ['me.get with a dead session cookie', 'trpc', 'me.get', { cookie: 'session=abcdefghijklmnopqrstuvwxyz234567abcdefgh' }, true],
  ['a batch of queries', 'trpc', `me.get,me.sessions.list,me.sudo.status?batch=1&input=${input({})}`, {}, true],
  ['a batch with one invalid input (207)', 'trpc', `me.get,me.notifications.list?batch=1&input=${input({ 1: { limit: -5 } })}`, {}, true],
  ['a query with invalid input', 'trpc', `me.notifications.list?input=${input({ limit: 'all' })}`, {}, true],
  ['a GET that says it sends JSON', 'trpc', 'me.get', { 'content-type': 'application/json' }, true],
  ['a percent-encoded path', 'trpc', 'me%2Eget', {}, true],
  ['an unknown procedure', 'trpc', 'me.nothingHere', {}, false],
  ['a mutation over GET', 'trpc', `me.updateProfile?input=${input({ displayName: 'Hijack' })}`, {}, false],
  ['input that is not JSON', 'trpc', 'me.get?input=%7Bnot-json', {}, false],
  ['a batch over the cap', 'trpc', `${elevenCalls}?batch=1&input=${input({})}`, {}, false],
  ['a batch whose input is not an object', 'trpc', `me.get?batch=1&input=${input([1])}`, {}, false],
  ['a streaming batch (trpc-accept)', 'trpc', `me.get?batch=1&input=${input({})}`, { 'trpc-accept': 'application/jsonl' }, false],
  ['a streaming batch (Accept)', 'trpc', `me.get?batch=1&input=${input({})}`, { accept: 'text/html, application/jsonl' }, false],
  ['a single call asked for as a stream', 'trpc', 'me.get', { accept: 'application/jsonl' }, false],
  ['a GET that says it sends form data', 'trpc', 'me.get', { 'content-type': 'multipart/form-data; boundary=x' }, false],
  ['a path tRPC decodes a second time', 'trpc', 'me%252Eget', {}, false],
  ['a request whose context cannot be built', 'trpc', 'me.get', { 'x-break-context': '1' }, false],
  ['plain data from another router', 'edge', 'plain', {}, true],
  ['a promise inside the data (415)', 'edge', 'later', {}, true],
  ['a promise inside one call of a batch', 'edge', `later,plain?batch=1&input=${input({})}`, {}, true],
  ['data JSON cannot write (500)', 'edge', 'big', {}, true],
  ['data JSON cannot write, in a batch', 'edge', `big,plain?batch=1&input=${input({})}`, {}, true],
];

async function get(route: string, path: string, headers: Record<string, string>) {
  const res = await fetch(`${base}/${route}/${path}`, { headers: { cookie, ...headers } });
  const pick = ['content-type', 'vary', 'cache-control', 'retry-after'].map((h) => [h, res.headers.get(h)]);
  return { status: res.status, headers: Object.fromEntries(pick), cookies: res.headers.getSetCookie(), body: await res.text() };
}

describe('tRPC mount', () => {
  it.each(cases)('answers %s exactly as tRPC’s adapter does', async (_what, mount, path, headers, direct) => {
    const ours = await get(mount, path, headers);
    const reference = await get(`${mount}-reference`, path, headers);
    expect(ours).toEqual(reference);
    const directOnly = await get(`${mount}-direct-only`, path, headers);
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

  it('refuses what tRPC refuses, with its status codes', async () => {
    expect((await get('edge', 'later', {})).status).toBe(415);
    expect((await get('edge', `later,plain?batch=1&input=${input({})}`, {})).status).toBe(207);
    expect((await get('edge', 'big', {})).status).toBe(500);
    const streamed = await get('trpc', `me.get?batch=1&input=${input({})}`, { accept: 'application/jsonl' });
    expect(streamed.body).toContain('mount@example.com');
    expect(streamed.body.startsWith('[')).toBe(false);
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
