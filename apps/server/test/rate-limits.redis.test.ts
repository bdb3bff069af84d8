// Attack: guess passwords faster than the limit by spreading the guesses over server instances,
// which share their counts through Redis when REDIS_URL is set. The server is started as an
// operator would start it, with REDIS_URL, and the counts are looked for in Redis.
import { DEFAULT_LIMITS } from '@gatehouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisNamespace, type RedisNamespace } from '../../../packages/api/test/redis.js';
import { startServer, type RunningServer } from './server.js';

let redis: RedisNamespace;
let s: RunningServer;
beforeAll(async () => {
  redis = redisNamespace('server');
  s = await startServer({ REDIS_URL: redis.url });
  await answeringWithRedis();
});
afterAll(async () => {
  await s?.close();
  await redis?.drop();
});

const signIn = (email: string) =>
  fetch(`${s.url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.origin },
    body: JSON.stringify({ email, password: 'not the password at all' }),
  });

const signInKeys = async () => (await redis.keys()).filter((key) => key.startsWith(`${redis.prefix}signIn:`));
const rateLimitRows = () => s.orm.em.getConnection().execute<{ key: string }[]>('select key from rate_limit order by key');

/**
 * The server may take requests before its Redis connection is up (a load balancer waits for
 * /readyz). This waits the same way, and until a probe sign-in (another email) is counted in Redis,
 * so the burst below meets a connected store.
 */
async function answeringWithRedis(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if ((await fetch(`${s.url}/readyz`)).status === 200) {
      await signIn('connection-probe@example.com');
      if ((await signInKeys()).length > 0) return;
    }
    if (attempt >= 100) throw new Error('the server never counted in Redis');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('rate limits with REDIS_URL', () => {
  it('let exactly the allowed number of concurrent sign-in guesses through, counted in Redis and not in the database', async () => {
    const allowed = DEFAULT_LIMITS.signIn.points;
    const email = `redis-${Date.now()}@example.com`;
    const [keysBefore, rowsBefore] = [await signInKeys(), await rateLimitRows()];
    const responses = await Promise.all(Array.from({ length: allowed + 3 }, () => signIn(email)));
    const reasons = await Promise.all(
      responses.map(async (res) => ((await res.json()) as { error: { data: { reason: string } } }).error.data.reason),
    );
    expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(allowed);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(3);

    // The burst's counter is one new key in Redis under this test's prefix, and nothing in the database.
    expect((await signInKeys()).filter((key) => !keysBefore.includes(key))).toHaveLength(1);
    expect(await rateLimitRows()).toEqual(rowsBefore);
  });
});
