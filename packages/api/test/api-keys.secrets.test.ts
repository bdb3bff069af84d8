// Attack: recover a key from the database, the API or a timing side channel; or probe the
// database with made-up keys.
import { ApiKey, ApiKeySecret, AuditEvent, type EntityManager } from '@gatehouse/db';
import type * as Crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatApiKey, hashApiKey, parseApiKey } from '../src/auth/api-key-format.js';
import { authenticateApiKey } from '../src/domain/api-keys.js';
import { createHarness, expectFailure, rejection, type Harness } from './harness.js';

const timingSafeEqual = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof Crypto>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqual.calls++;
      return original.timingSafeEqual(a, b);
    },
  };
});

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const create = (h2: Harness, browser: Awaited<ReturnType<Harness['signUp']>>['browser']) =>
  browser.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read'], expiresInDays: 30 }));

describe('API key secrets', () => {
  it('look like gate_<8-char id>_<secret+checksum> with ≥128 bits of secret', async () => {
    const { browser } = await h.signUp();
    const { key, secret } = await create(h, browser);
    expect(secret).toMatch(/^gate_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}$/);
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true);
    // 32 base62 characters of secret = 190 bits.
    expect(32 * Math.log2(62)).toBeGreaterThan(128);
    const another = formatApiKey('abcdEFGH');
    expect(parseApiKey(another)).toEqual({ publicId: 'abcdEFGH' });
  });

  it('are refused on a bad checksum before any database read', async () => {
    const secret = formatApiKey('abcdEFGH');
    const last = secret.at(-1)!;
    const mistyped = secret.slice(0, -1) + (last === 'a' ? 'b' : 'a');
    expect(parseApiKey(mistyped)).toBeNull();
    const noDatabase = new Proxy({} as EntityManager, {
      get: () => {
        throw new Error('the database was touched');
      },
    });
    for (const bad of [mistyped, 'gate_short', 'Bearer nonsense', `${secret}x`]) {
      const error = await rejection(authenticateApiKey(noDatabase, bad));
      expect(error.data.reason).toBe('INVALID_API_KEY');
    }
  });

  it('are stored only as a SHA-256 hash, and never returned again nor audited', async () => {
    const { browser, userId } = await h.signUp();
    const { key, secret } = await create(h, browser);
    const em = h.orm.em.fork();
    const stored = await em.findOneOrFail(ApiKeySecret, { key: key.id });
    expect(stored.secretHash).toBe(hashApiKey(secret));
    const conn = h.orm.em.getConnection();
    const rows = JSON.stringify([
      await conn.execute('select * from api_key'),
      await conn.execute('select * from api_key_secret'),
      await conn.execute('select * from audit_event'),
    ]);
    expect(rows).not.toContain(secret);
    expect(rows).not.toContain(secret.slice(14, 46));
    const listed = JSON.stringify(await browser.call((c) => c.me.apiKeys.list()));
    expect(listed).toContain(key.prefix);
    expect(listed).not.toContain(secret.slice(14));
    expect(listed).not.toContain(stored.secretHash);
    const audits = await em.find(AuditEvent, { actorId: userId, action: { $like: 'api_key.%' } });
    expect(audits.map((a) => a.action)).toEqual(['api_key.created']);
    expect(JSON.stringify(audits)).not.toContain(stored.secretHash);
  });

  it('are compared in constant time', async () => {
    const { browser } = await h.signUp();
    const { secret } = await create(h, browser);
    const before = timingSafeEqual.calls;
    await h.keyClient(secret).call((c) => c.me.get());
    expect(timingSafeEqual.calls).toBeGreaterThan(before);
  });

  it('stop working when expired or deleted, indistinguishably from unknown ones', async () => {
    const { browser } = await h.signUp();
    const expiring = await create(h, browser);
    const deleted = await create(h, browser);
    await h.orm.em.fork().nativeUpdate(ApiKey, { id: expiring.key.id }, { expiresAt: new Date(Date.now() - 1000) });
    await browser.call((c) => c.me.apiKeys.delete({ keyId: deleted.key.id }));
    expect(await h.orm.em.fork().count(ApiKeySecret, { key: deleted.key.id })).toBe(0);
    const unknown = formatApiKey('zzzzzzzz');
    const errors = await Promise.all(
      [expiring.secret, deleted.secret, unknown].map((s) => rejection(h.keyClient(s).call((c) => c.me.get()))),
    );
    for (const e of errors) expect({ code: e.code, reason: e.data.reason, message: e.message }).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'INVALID_API_KEY',
      message: errors[0]!.message,
    });
  });

  it('record lastUsedAt without writing on every request', async () => {
    const { browser } = await h.signUp();
    const { key, secret } = await create(h, browser);
    expect(key.lastUsedAt).toBeNull();
    await h.keyClient(secret).call((c) => c.me.get());
    const first = (await h.orm.em.fork().findOneOrFail(ApiKey, key.id)).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await h.keyClient(secret).call((c) => c.me.get());
    expect((await h.orm.em.fork().findOneOrFail(ApiKey, key.id)).lastUsedAt).toEqual(first);
    const [listed] = await browser.call((c) => c.me.apiKeys.list());
    expect(listed?.lastUsedAt).toBe(first!.toISOString());
  });

  it('refuse a Bearer header that is not a key', async () => {
    await expectFailure(h.browser({ authorization: 'Basic dXNlcjpwYXNz' }).call((c) => c.me.get()), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_API_KEY',
    });
  });
});

describe('API key audit rows', () => {
  it('name the key they are about, from creation on', async () => {
    const { browser, userId } = await h.signUp();
    const { key } = await create(h, browser);
    const row = await h.orm.em.fork().findOneOrFail(AuditEvent, { actorId: userId, action: 'api_key.created' });
    expect(row).toMatchObject({ targetType: 'api_key', targetId: key.id });
  });
});
