// Attack: fire many requests at once so that a check-then-increment limiter lets extra ones in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, type RateLimits } from '../src/rate-limits.js';
import { createHarness, rejection, settledReasons, type Harness } from './harness.js';

let h: Harness;
let limits: RateLimits;
beforeAll(async () => {
  h = await createHarness();
  limits = createRateLimits(h.orm, { limits: { keyMint: { points: 10, durationSeconds: 3600 } } });
});
afterAll(async () => {
  await limits.close();
  await h.close();
});

describe('database-backed rate limits', () => {
  it('let exactly the allowed number through 20 concurrent attempts', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => limits.consume('keyMint', 'user-1')));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(10);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(10);
    const wait = await rejection(limits.consume('keyMint', 'user-1'));
    expect(wait.data.retryAfterSeconds).toBeGreaterThan(3590);
  });

  it('are shared by every limiter instance on the same database (as between server processes)', async () => {
    const second = createRateLimits(h.orm, { limits: { keyMint: { points: 10, durationSeconds: 3600 } } });
    try {
      for (let i = 0; i < 6; i++) await limits.consume('keyMint', 'user-2');
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => second.consume('keyMint', 'user-2')));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    } finally {
      await second.close();
    }
  });
});
