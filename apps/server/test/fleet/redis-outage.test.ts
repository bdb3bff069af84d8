// Outage: Redis (where two instances share their rate-limit counts) is not up yet when they
// start, then comes, then dies. A guesser must gain nothing from any of it: every limit still
// holds exactly across both instances, counted in the database while Redis is away; nothing
// answers 500; /readyz names the part that is down so the load balancer and the operator know.
import { DEFAULT_LIMITS } from '@gatehouse/api';
import { openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from '../mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { eventually, freePort, startInstance, startRedis, type Instance, type RedisProcess } from './instances.js';

let db: TestDatabase;
let orm: Orm;
let redisPort: number;
let redis: RedisProcess | undefined;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase(db.url);
  redisPort = await freePort();
  // Nothing listens on the Redis port yet: both instances start before their Redis does.
  const env = { DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${redisPort}` };
  a = await startInstance(env, { waitReady: false });
  b = await startInstance(env, { waitReady: false });
  for (const instance of [a, b]) await eventually(() => readyz(instance).catch(() => null), (r) => r?.status === 503);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.kill();
  await orm?.close(true);
  await db?.drop();
});

async function readyz(instance: Instance): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${instance.url}/readyz`);
  return { status: res.status, body: await res.json() };
}

// Counts are keyed by an HMAC of the email and IP: a burst's count is the signIn row it added.
const signInRows = () => orm.em.getConnection().execute<{ key: string; points: number }[]>("select key, points from rate_limit where key like 'signIn:%'");
async function newSignInCounts(run: () => Promise<unknown>): Promise<number[]> {
  const before = new Set((await signInRows()).map((r) => r.key));
  await run();
  return (await signInRows()).filter((r) => !before.has(r.key)).map((r) => Number(r.points));
}

/** 2N concurrent wrong-password sign-ins for one email, alternating between the instances. */
async function guessBurst(email: string) {
  const allowed = DEFAULT_LIMITS.signIn.points;
  const results = await Promise.all(
    Array.from({ length: 2 * allowed }, (_, i) => trpc(i % 2 ? b : a, 'auth.signIn', { email, password: 'not the password at all' })),
  );
  return {
    statuses: results.map((r) => r.status),
    wrong: results.filter((r) => r.error?.data.reason === 'INVALID_CREDENTIALS').length,
    limited: results.filter((r) => r.error?.data.reason === 'RATE_LIMITED').length,
  };
}

const mailDetails = { mail: expect.objectContaining({ smtp: 'not configured' }) as unknown };
const redisDown = {
  status: 503,
  body: { status: 'unavailable', checks: { database: 'up', redis: 'down', mail: 'up' }, details: mailDetails, down: ['redis'] },
};
const allUp = { status: 200, body: { status: 'ready', checks: { database: 'up', redis: 'up', mail: 'up' }, details: mailDetails } };

describe('rate limits through a Redis outage, on two instances', () => {
  it('before Redis ever connected: /readyz names Redis, limits hold exactly in the database, sign-up, sudo and key minting work', async () => {
    for (const instance of [a, b]) expect(await readyz(instance)).toEqual(redisDown);

    let burst: Awaited<ReturnType<typeof guessBurst>> | undefined;
    const counted = await newSignInCounts(async () => (burst = await guessBurst(uniqueEmail('before'))));
    expect(burst).toMatchObject({ wrong: DEFAULT_LIMITS.signIn.points, limited: DEFAULT_LIMITS.signIn.points });
    expect(burst!.statuses.every((s) => s < 500)).toBe(true);
    // Counted in the database, the insurance store.
    expect(counted).toEqual([2 * DEFAULT_LIMITS.signIn.points]);

    // Every limited procedure works: sign-up, sudo entry (a fresh sign-up's window is open), key minting.
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(a, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'O', orgName: 'Outage' });
    const cookie = signUp.cookie!;
    ok(signUp);
    await verifyAddress({ orm, url: a.url, origin: a.origin }, ownerEmail);
    const sudo = await trpc(b, 'me.sudo.enter', { password: PASSWORD }, { cookie });
    ok(sudo);
    // Sudo entry issues a new token (no fixation).
    ok(await trpc(b, 'me.apiKeys.create', { name: 'ci', scopes: ['profile:read'], expiresInDays: 7 }, { cookie: sudo.cookie! }));
  });

  it('once Redis is up: /readyz is ready and the counts move to Redis, still exact across both', async () => {
    redis = await startRedis(redisPort);
    for (const instance of [a, b]) await eventually(() => readyz(instance), (r) => r.status === 200);
    for (const instance of [a, b]) expect(await readyz(instance)).toEqual(allUp);

    const client = new Redis(redis.url);
    try {
      const keysBefore = new Set(await client.keys('signIn:*'));
      let burst: Awaited<ReturnType<typeof guessBurst>> | undefined;
      expect(await newSignInCounts(async () => (burst = await guessBurst(uniqueEmail('redis'))))).toEqual([]);
      expect(burst).toMatchObject({ wrong: DEFAULT_LIMITS.signIn.points, limited: DEFAULT_LIMITS.signIn.points });
      const keys = (await client.keys('signIn:*')).filter((k) => !keysBefore.has(k));
      expect(keys).toHaveLength(1);
      expect(Number(await client.get(keys[0]!))).toBe(2 * DEFAULT_LIMITS.signIn.points);
    } finally {
      client.disconnect();
    }
  });

  it('when Redis dies: /readyz says so at once, limits hold exactly in the database, nothing answers 5xx', async () => {
    await redis!.kill();
    for (const instance of [a, b]) await eventually(() => readyz(instance), (r) => r.status === 503);
    for (const instance of [a, b]) expect(await readyz(instance)).toEqual(redisDown);

    const started = Date.now();
    let burst: Awaited<ReturnType<typeof guessBurst>> | undefined;
    const counted = await newSignInCounts(async () => (burst = await guessBurst(uniqueEmail('after'))));
    expect(burst).toMatchObject({ wrong: DEFAULT_LIMITS.signIn.points, limited: DEFAULT_LIMITS.signIn.points });
    expect(burst!.statuses.every((s) => s < 500)).toBe(true);
    expect(counted).toEqual([2 * DEFAULT_LIMITS.signIn.points]);
    // Refused commands fall over to the database at once; nobody waits on a dead Redis.
    expect(Date.now() - started).toBeLessThan(10_000);

    for (const instance of [a, b]) {
      const warned = instance.logs().includes('Redis unreachable: rate limits count in the database until it is back');
      expect(warned).toBe(true);
    }
  });
});
