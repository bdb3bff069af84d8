// Attack: read who tried to sign in, from where, and which users hit which limits out of the
// limiter's store (a database dump, a Redis snapshot) — or find it there after the account was erased.
import { readServerSecret } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, limitKeyPart, type RateLimits } from '../src/rate-limits.js';
import { createHarness, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';
import { redisNamespace, type RedisNamespace } from './redis.js';

let h: Harness;
let redis: RedisNamespace;
beforeAll(async () => {
  h = await createHarness();
  redis = redisNamespace('rate-limit-keys');
});
afterAll(async () => {
  await redis.drop();
  await h.close();
});

const databaseKeys = async () =>
  (await h.orm.em.getConnection().execute<{ key: string }[]>('select key from rate_limit')).map((r) => r.key);

describe.each([
  { store: 'database', redisUrl: undefined },
  { store: 'redis', redisUrl: () => redis.url },
])('$store-backed limiter keys', ({ store, redisUrl }) => {
  let limits: RateLimits;
  const keys = async () => (store === 'redis' ? (await redis.keys()).map((k) => k.slice(redis.prefix.length)) : databaseKeys());
  /** A Redis limiter counts in Redis once connected (until then in the database): wait for it. */
  const open = async (options: Parameters<typeof createRateLimits>[1] = {}): Promise<RateLimits> => {
    const opened = createRateLimits(h.orm, { ...options, redisUrl: redisUrl?.() });
    for (let i = 0; store === 'redis' && !(await opened.redisReachable()); i++) {
      if (i > 100) throw new Error('the limiter never reached Redis');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return opened;
  };
  beforeAll(async () => {
    limits = await open();
  });
  afterAll(() => limits.close());

  it('hold no email, address or user id: only keyed hashes, the same on every instance', async () => {
    const email = uniqueEmail(`${store}-keys`);
    const ip = '203.0.113.77';
    const userId = `user-${store}-${Date.now()}`;
    await limits.consume('signIn', [email, ip]);
    await limits.consume('signInIp', ip);
    await limits.consume('sudo', userId);

    const all = await keys();
    const secret = await readServerSecret(h.orm.em.fork(), 'rate_limit_key');
    const hash = (value: string) => limitKeyPart(secret, value);
    expect(all).toEqual(
      expect.arrayContaining([`signIn:${hash(email)}.${hash(ip)}`, `signInIp:${hash(ip)}`, `sudo:${hash(userId)}`]),
    );
    for (const key of all) {
      expect(key).toMatch(/^[A-Za-z]+:[0-9a-f]{32}(\.[0-9a-f]{32})*$/);
      for (const plain of [email, email.split('@')[0]!, ip, userId]) expect(key).not.toContain(plain);
    }
    // The hash is keyed: a plain SHA-256 or an HMAC under another key is something else.
    expect(hash(email)).not.toBe(limitKeyPart(Buffer.alloc(32), email));

    // A second instance (another server process) derives the same keys, so the counts are shared.
    const second = await open({ limits: { sudo: { points: 2, durationSeconds: 900 } } });
    try {
      await second.consume('sudo', userId);
      await expect(second.consume('sudo', userId)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    } finally {
      await second.close();
    }
  });

  it('forget every count of an erased value, in every limit and combination, and nothing else', async () => {
    const email = uniqueEmail(`${store}-forget`);
    const userId = `user-forget-${store}-${Date.now()}`;
    const bystander = `user-bystander-${store}-${Date.now()}`;
    await limits.consume('signIn', [email, '198.51.100.1']);
    await limits.consume('signIn', [email, '198.51.100.2']);
    await limits.consume('keyMint', userId);
    await limits.consume('export', userId);
    await limits.consume('keyMint', bystander);
    const before = await keys();

    await limits.forget([userId, email]);

    const secret = await readServerSecret(h.orm.em.fork(), 'rate_limit_key');
    const after = await keys();
    expect(after.filter((k) => k.includes(limitKeyPart(secret, email)) || k.includes(limitKeyPart(secret, userId)))).toEqual([]);
    expect(before.length - after.length).toBe(4);
    expect(after).toContain(`keyMint:${limitKeyPart(secret, bystander)}`);
  });
});

describe('erasure through the procedures', () => {
  it('removes the sign-in and sudo counts the user left, and the deletion count itself', async () => {
    const { browser, email, userId } = await h.signUp();
    await h.browser({ ip: '192.0.2.80' }).call((c) => c.auth.signIn({ email, password: 'not it, not it!' })).catch(() => {});
    await browser.call((c) => c.me.sudo.enter({ password: 'still not it!!' })).catch(() => {});
    const secret = await readServerSecret(h.orm.em.fork(), 'rate_limit_key');
    const mine = async () =>
      (await databaseKeys()).filter((k) => k.includes(limitKeyPart(secret, email)) || k.includes(limitKeyPart(secret, userId)));
    expect(await mine()).toHaveLength(2);

    await browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }));
    expect(await mine()).toEqual([]);
  });
});
