// Attack: fire many requests at once so that a check-then-increment limiter lets extra ones in,
// or spread them over several server instances. Both stores: the database (the default) and
// Redis (REDIS_URL), which several instances share.
import { randomUUID } from 'node:crypto';
import { readServerSecret } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, limitKeyPart, type RateLimits } from '../src/rate-limits.js';
import { createHarness, rejection, settledReasons, type Harness } from './harness.js';
import { redisNamespace, type RedisNamespace } from './redis.js';

let h: Harness;
let redis: RedisNamespace;
beforeAll(async () => {
  h = await createHarness();
  redis = redisNamespace('rate-limits');
});
afterAll(async () => {
  await redis.drop();
  await h.close();
});

const keyMint = { keyMint: { points: 10, durationSeconds: 3600 } };
/** A subject as the store holds it: its keyed hash (rate-limits.personal-data.test.ts). */
const stored = async (subject: string) => limitKeyPart(await readServerSecret(h.orm.em.fork(), 'rate_limit_key'), subject);

/**
 * A Redis limiter is usable once its connection is up; until then its calls fail or are counted
 * elsewhere. A server takes requests only after start-up, but a test fires the moment the limiter
 * exists, so it first waits until a probe (a key of another limit) is counted in Redis itself.
 */
async function countingInRedis(limits: RateLimits): Promise<RateLimits> {
  const probe = `connection-probe-${randomUUID()}`;
  for (let attempt = 0; ; attempt++) {
    await limits.consume('signUp', probe).catch(() => undefined);
    if ((await redis.keys()).includes(`${redis.prefix}signUp:${await stored(probe)}`)) return limits;
    if (attempt >= 100) throw new Error('the limiter never counted in Redis');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const keyMintKeys = async () => (await redis.keys()).filter((key) => key.startsWith(`${redis.prefix}keyMint:`));
const rowsInDatabase = async (key: string) =>
  (await h.orm.em.getConnection().execute<{ key: string }[]>('select key from rate_limit where key = ?', [key])).length;

describe.each([
  { store: 'database', redisUrl: undefined },
  { store: 'redis', redisUrl: () => redis.url },
])('$store-backed rate limits', ({ store, redisUrl }) => {
  const open = async (): Promise<RateLimits> => {
    const limits = createRateLimits(h.orm, { limits: keyMint, redisUrl: redisUrl?.() });
    return redisUrl ? countingInRedis(limits) : limits;
  };
  let limits: RateLimits;
  beforeAll(async () => {
    limits = await open();
  });
  afterAll(() => limits.close());

  it('let exactly the allowed number through 20 concurrent attempts', async () => {
    const key = `${store}-user-1`;
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => limits.consume('keyMint', key)));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(10);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(10);
    const wait = await rejection(limits.consume('keyMint', key));
    expect(wait.data.retryAfterSeconds).toBeGreaterThan(3590);
    // The count lives in the store under test, and only there.
    expect(await rowsInDatabase(`keyMint:${await stored(key)}`)).toBe(store === 'database' ? 1 : 0);
    expect(await keyMintKeys()).toEqual(store === 'redis' ? [`${redis.prefix}keyMint:${await stored(key)}`] : []);
  });

  it('are shared by every limiter instance on the same store (as between server processes)', async () => {
    const key = `${store}-user-2`;
    const second = await open();
    try {
      for (let i = 0; i < 6; i++) await limits.consume('keyMint', key);
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => second.consume('keyMint', key)));
      expect(settledReasons(results).filter((r) => r === 'ok')).toHaveLength(4);
    } finally {
      await second.close();
    }
  });

  it('give a refunded point back to every instance', async () => {
    const key = `${store}-user-3`;
    const second = await open();
    try {
      for (let i = 0; i < 10; i++) await limits.consume('keyMint', key);
      await second.refund('keyMint', key);
      await limits.consume('keyMint', key);
      await rejection(second.consume('keyMint', key));
    } finally {
      await second.close();
    }
  });
});
