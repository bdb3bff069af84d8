// Attack: mint keys from a hijacked session without step-up, use an old secret after rotation,
// or reach another user's keys by id.
import { ApiKey, ApiKeySecret, AuditEvent, Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/sessions.js';
import { createHarness, expectFailure, settledReasons, type Browser, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const newKey = (browser: Browser) =>
  browser.call((c) => c.me.apiKeys.create({ name: 'deploy', scopes: ['profile:read'], expiresInDays: 30 }));
const works = async (secret: string) =>
  h
    .keyClient(secret)
    .call((c) => c.me.get())
    .then(
      () => true,
      () => false,
    );
const closeSudo = (browser: Browser) =>
  h.orm.em.fork().nativeUpdate(Session, { tokenHash: hashToken(browser.cookie!) }, { sudoUntil: null });

describe('me.apiKeys.create', () => {
  it('returns the metadata and the secret once, with a mandatory expiry', async () => {
    const { browser } = await h.signUp();
    const before = Date.now();
    const { key, secret } = await newKey(browser);
    expect(key).toMatchObject({ name: 'deploy', scopes: ['profile:read'], lastUsedAt: null, previousSecretExpiresAt: null });
    const days = (new Date(key.expiresAt).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    expect(await works(secret)).toBe(true);
    await expectFailure(
      browser.call((c) => c.me.apiKeys.create({ name: 'forever', scopes: ['profile:read'], expiresInDays: 366 })),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    await expectFailure(
      browser.call((c) =>
        c.me.apiKeys.create({ name: 'none', scopes: ['profile:read'] } as unknown as Parameters<typeof c.me.apiKeys.create>[0]),
      ),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    expect(await browser.call((c) => c.me.apiKeys.list())).toHaveLength(1);
  });

  it('without sudo is SUDO_REQUIRED and creates nothing; rotation likewise', async () => {
    const { browser, userId } = await h.signUp();
    const { key, secret } = await newKey(browser);
    await closeSudo(browser);
    await expectFailure(newKey(browser), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    await expectFailure(browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id })), {
      code: 'FORBIDDEN',
      reason: 'SUDO_REQUIRED',
    });
    expect(await h.orm.em.fork().count(ApiKey, { user: userId })).toBe(1);
    expect(await h.orm.em.fork().count(ApiKeySecret, { key: key.id })).toBe(1);
    expect(await works(secret)).toBe(true);
  });

  it('is rate-limited: exactly 10 of 20 concurrent creates succeed, the rest learn the wait', async () => {
    const { browser, userId } = await h.signUp();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => newKey(browser)));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(10);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(10);
    expect(await h.orm.em.fork().count(ApiKey, { user: userId })).toBe(10);
    const error = await expectFailure(newKey(browser), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(error.data.retryAfterSeconds).toBeGreaterThan(3500);
  });
});

describe('me.apiKeys.rotate', () => {
  it('keeps old and new secrets working during the grace period, then completeRotation ends the old', async () => {
    const { browser, userId } = await h.signUp();
    const { key, secret: oldSecret } = await newKey(browser);
    const rotated = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id, gracePeriodSeconds: 3600 }));
    expect(rotated.key).toMatchObject({ id: key.id, name: key.name, scopes: key.scopes, expiresAt: key.expiresAt });
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.secret.startsWith(`${key.prefix}_`)).toBe(true);
    expect(new Date(rotated.key.previousSecretExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 3590_000);
    expect(await works(oldSecret)).toBe(true);
    expect(await works(rotated.secret)).toBe(true);

    const completed = await browser.call((c) => c.me.apiKeys.completeRotation({ keyId: key.id }));
    expect(completed.previousSecretExpiresAt).toBeNull();
    expect(await works(oldSecret)).toBe(false);
    expect(await works(rotated.secret)).toBe(true);
    const actions = (await h.orm.em.fork().find(AuditEvent, { actorId: userId, action: { $like: 'api_key.%' } }, { orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['api_key.created', 'api_key.rotated', 'api_key.rotation_completed']);
  });

  it('ends the old secret when the grace period runs out', async () => {
    const { browser } = await h.signUp();
    const { key, secret: oldSecret } = await newKey(browser);
    const { secret } = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id, gracePeriodSeconds: 60 }));
    await h.orm.em.fork().nativeUpdate(ApiKeySecret, { key: key.id, expiresAt: { $ne: null } }, { expiresAt: new Date(Date.now() - 1) });
    expect(await works(oldSecret)).toBe(false);
    expect(await works(secret)).toBe(true);
  });

  it('with a zero grace period ends the old secret at once; the default grace is 24 h', async () => {
    const { browser } = await h.signUp();
    const { key, secret: first } = await newKey(browser);
    const immediate = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id, gracePeriodSeconds: 0 }));
    expect(await works(first)).toBe(false);
    expect(immediate.key.previousSecretExpiresAt).toBeNull();
    const byDefault = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id }));
    const grace = new Date(byDefault.key.previousSecretExpiresAt!).getTime() - Date.now();
    expect(grace).toBeGreaterThan(86_390_000);
    expect(grace).toBeLessThanOrEqual(86_400_000);
    await expectFailure(browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id, gracePeriodSeconds: 8 * 86_400 })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
  });

  it('twice leaves at most two live secrets: the older pending one ends at once', async () => {
    const { browser } = await h.signUp();
    const { key, secret: s1 } = await newKey(browser);
    const { secret: s2 } = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id }));
    const { secret: s3 } = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id }));
    expect([await works(s1), await works(s2), await works(s3)]).toEqual([false, true, true]);
    expect(await h.orm.em.fork().count(ApiKeySecret, { key: key.id })).toBe(2);
    const [listed] = await browser.call((c) => c.me.apiKeys.list());
    expect(listed?.expiresAt).toBe(key.expiresAt);
  });
});

describe("another user's key", () => {
  it('is not found for list, rotate, completeRotation and delete, and is left untouched', async () => {
    const victim = await h.signUp();
    const { key, secret } = await newKey(victim.browser);
    const attacker = await h.signUp();
    expect(await attacker.browser.call((c) => c.me.apiKeys.list())).toEqual([]);
    const calls = [
      () => attacker.browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id })),
      () => attacker.browser.call((c) => c.me.apiKeys.completeRotation({ keyId: key.id })),
      () => attacker.browser.call((c) => c.me.apiKeys.delete({ keyId: key.id })),
      () => attacker.browser.call((c) => c.me.apiKeys.rotate({ keyId: '01900000-0000-7000-8000-000000000000' })),
    ];
    for (const call of calls) await expectFailure(call(), { code: 'NOT_FOUND', reason: null });
    expect(await works(secret)).toBe(true);
    expect(await h.orm.em.fork().count(ApiKeySecret, { key: key.id })).toBe(1);
  });
});
