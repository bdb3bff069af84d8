// Circumstance turned attack: a server so loaded that its event loop stalls for a second while a
// Redis reply waits in its socket. If the command's timeout fires first (timers run before I/O
// when the loop resumes), the attempt is counted in the insurance store (the database) instead,
// where the burst starts again from zero: under load, a limit shared by two instances let 102 of
// 200 guesses through (apps/server/test/fleet/two-instances.password-limits.test.ts). Redis had
// answered; only the process was slow. The count must stay in Redis.
import { randomUUID } from 'node:crypto';
import { readServerSecret } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, limitKeyPart, type RateLimits } from '../src/rate-limits.js';
import { createHarness, type Harness } from './harness.js';
import { redisNamespace, type RedisNamespace } from './redis.js';

let h: Harness;
let redis: RedisNamespace;
let limits: RateLimits;
beforeAll(async () => {
  h = await createHarness();
  redis = redisNamespace('stalled');
  limits = createRateLimits(h.orm, { limits: { keyMint: { points: 10, durationSeconds: 3600 } }, redisUrl: redis.url });
  // Counting in Redis before the test starts (a server takes requests only once it is ready).
  const probe = `probe-${randomUUID()}`;
  for (let attempt = 0; !(await redis.keys()).some((k) => k.includes('signUp:')); attempt++) {
    if (attempt > 100) throw new Error('the limiter never counted in Redis');
    await limits.consume('signUp', probe).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
afterAll(async () => {
  await limits?.close();
  await redis?.drop();
  await h?.close();
});

/** Blocks the event loop, as a starved or busy process does. */
function stall(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

describe('Redis-backed limits in a stalled process', () => {
  it('a reply that waited a second in the socket still counts in Redis, not in the database', async () => {
    const subject = `stalled-${randomUUID()}`;
    const attempt = limits.consume('keyMint', subject);
    // The loop stalls right after the command is written (Redis answers within a millisecond).
    // Stalled in the check phase, the next turn of the loop runs its due timers before it reads
    // the socket: what a busy server's loop does after a long batch of I/O callbacks.
    setImmediate(() => stall(1000));
    await attempt;

    const part = limitKeyPart(await readServerSecret(h.orm.em.fork(), 'rate_limit_key'), subject);
    const inDatabase = await h.orm.em.getConnection().execute<{ key: string }[]>('select key from rate_limit where key like ?', [`%${part}%`]);
    expect(inDatabase).toEqual([]);
    expect((await redis.keys()).filter((k) => k.includes(part))).toEqual([`${redis.prefix}keyMint:${part}`]);
  });
});
