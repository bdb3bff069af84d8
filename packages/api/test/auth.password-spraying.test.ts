// Attack: password spraying — one address tries one common password against thousands of emails,
// each attempt under the per-email limit, each costing the server an Argon2id verification.
import { AuditEvent } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/rate-limits.js';
import { createHarness, expectFailure, settledReasons, uniqueEmail, type Harness } from './harness.js';

const PER_IP = 6;
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { signInIp: { points: PER_IP, durationSeconds: 900 } } });
});
afterAll(() => h.close());

const SPRAYED = 'Summer2026!Summer2026!';
const failuresFrom = (ip: string) => h.orm.em.fork().count(AuditEvent, { action: 'user.sign_in_failed', ip });

describe('auth.signIn against password spraying', () => {
  it('stops one IP after its failures across many emails, verifying no more passwords than the limit', async () => {
    const victims = await Promise.all(Array.from({ length: 4 }, () => h.signUp()));
    const emails = [...victims.map((v) => v.email), ...Array.from({ length: 8 }, () => uniqueEmail('sprayed'))];
    const attacker = h.browser({ ip: '203.0.113.7' });
    const reasons: (string | null)[] = [];
    for (const email of emails) {
      reasons.push(...settledReasons(await Promise.allSettled([attacker.call((c) => c.auth.signIn({ email, password: SPRAYED }))])));
    }
    expect(reasons).toEqual([...Array<string>(PER_IP).fill('INVALID_CREDENTIALS'), ...Array<string>(emails.length - PER_IP).fill('RATE_LIMITED')]);
    // Every attempt past the limit was refused before a verification (and so before an audit row).
    expect(await failuresFrom('203.0.113.7')).toBe(PER_IP);

    // The real owner of a sprayed email still gets in from their own address, with no wait.
    const victim = victims[0]!;
    await h.browser({ ip: '192.0.2.44' }).call((c) => c.auth.signIn({ email: victim.email, password: victim.password }));
    // The sprayer's address stays refused, even for a right password (it would confirm a guess).
    await expectFailure(attacker.call((c) => c.auth.signIn({ email: victims[1]!.email, password: victims[1]!.password })), {
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });
  });

  it('holds exactly under concurrent attempts against different emails', async () => {
    const attacker = h.browser({ ip: '203.0.113.8' });
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () => attacker.call((c) => c.auth.signIn({ email: uniqueEmail('burst'), password: SPRAYED }))),
    );
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(PER_IP);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(15 - PER_IP);
    expect(await failuresFrom('203.0.113.8')).toBe(PER_IP);
  });

  it('lets an office behind one NAT sign in: successful sign-ins do not count, and the default is generous', async () => {
    const office = '198.51.100.200';
    const staff = await Promise.all(Array.from({ length: PER_IP + 4 }, () => h.signUp()));
    // A couple of typos along the way, well under the limit, and everyone gets in.
    await h.browser({ ip: office }).call((c) => c.auth.signIn({ email: staff[0]!.email, password: 'typo typo typo' })).catch(() => {});
    await h.browser({ ip: office }).call((c) => c.auth.signIn({ email: staff[1]!.email, password: 'typo typo typo' })).catch(() => {});
    for (const person of staff) {
      await h.browser({ ip: office }).call((c) => c.auth.signIn({ email: person.email, password: person.password }));
    }
    expect(DEFAULT_LIMITS.signInIp.points).toBeGreaterThanOrEqual(50);
    expect(DEFAULT_LIMITS.signInIp.points).toBeGreaterThan(DEFAULT_LIMITS.signIn.points);
  });

  it('keeps the per email+IP limit: a blocked pair does not use up the IP for other emails', async () => {
    const h2 = await createHarness({ limits: { signIn: { points: 2, durationSeconds: 900 }, signInIp: { points: 4, durationSeconds: 900 } } });
    try {
      const { email: own } = await h2.signUp();
      const browser = h2.browser({ ip: '203.0.113.9' });
      const tries = [];
      for (let i = 0; i < 5; i++) tries.push(...settledReasons(await Promise.allSettled([browser.call((c) => c.auth.signIn({ email: own, password: SPRAYED }))])));
      expect(tries).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
      // Two failures used, two left for this IP on other emails.
      const other = await Promise.allSettled([0, 1, 2].map(() => browser.call((c) => c.auth.signIn({ email: uniqueEmail('other'), password: SPRAYED }))));
      expect(settledReasons(other).sort()).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED']);
    } finally {
      await h2.close();
    }
  });
});
