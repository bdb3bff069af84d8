// Attack: recover a key from the database, the API or a timing side channel; or probe the
// database with made-up keys.
import { ApiKey, ApiKeySecret, AuditEvent, type EntityManager } from '@gatehouse/db';
import type * as Db from '@gatehouse/db';
import type * as Crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatApiKey, hashApiKey, parseApiKey } from '../src/auth/api-key-format.js';
import { authenticateApiKey, COMPARED_SECRETS, KEY_LOOKUP_SQL } from '../src/domain/authenticate-api-key.js';
import { createHarness, expectFailure, rejection, type Harness } from './harness.js';

// What a key lookup does, recorded: each constant-time comparison (the lengths it compared, and
// the digests themselves) and each plain read (its SQL). `unequal` makes every comparison answer
// "different", to show the verdict is the comparison's. Timing itself is measured by the
// benchmark (bench/key-timing), not here.
const seen = vi.hoisted(() => ({
  comparisons: [] as [number, number][],
  compared: [] as [string, string][],
  reads: [] as string[],
  unequal: false,
}));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof Crypto>();
  const hex = (v: NodeJS.ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      seen.comparisons.push([a.byteLength, b.byteLength]);
      seen.compared.push([hex(a), hex(b)]);
      const equal = original.timingSafeEqual(a, b);
      return seen.unequal ? false : equal;
    },
  };
});
vi.mock('@gatehouse/db', async (importOriginal) => {
  const original = await importOriginal<typeof Db>();
  return {
    ...original,
    selectRows: (em: EntityManager, sql: string, params: readonly (string | number | null)[]) => {
      seen.reads.push(sql);
      return original.selectRows(em, sql, params);
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
  it('look like gate_<8-char id>_<secret+checksum>', async () => {
    const { browser } = await h.signUp();
    const { key, secret } = await create(h, browser);
    expect(secret).toMatch(/^gate_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}$/);
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true);
    const another = formatApiKey('abcdEFGH');
    expect(parseApiKey(another)).toEqual({ publicId: 'abcdEFGH' });
  });

  it('carry at least 128 bits of entropy, measured over the secrets the generator really makes', async () => {
    // A few through the procedure, and many more from the function it mints them with.
    const { browser } = await h.signUp();
    const minted = [await create(h, browser), await create(h, browser), await create(h, browser)].map((k) => k.secret);
    const secrets = [...minted, ...Array.from({ length: 3000 }, () => formatApiKey('abcdEFGH'))].map((key) => key.slice(14, 46));
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

    expect(new Set(secrets.map((secret) => secret.length))).toEqual(new Set([32]));
    expect(new Set(secrets).size).toBe(secrets.length);
    // Every base62 character is used, and nothing else.
    expect([...new Set(secrets.join(''))].sort().join('')).toBe([...alphabet].sort().join(''));

    // Each position on its own: the entropy of its observed characters (log2 62 = 5.95 at best;
    // 3,003 samples estimate a uniform position at about 5.94).
    const entropyAt = (position: number) => {
      const counts = new Map<string, number>();
      for (const secret of secrets) counts.set(secret[position]!, (counts.get(secret[position]!) ?? 0) + 1);
      return -[...counts.values()].reduce((sum, n) => sum + (n / secrets.length) * Math.log2(n / secrets.length), 0);
    };
    const perPosition = Array.from({ length: 32 }, (_, i) => entropyAt(i));
    expect(Math.min(...perPosition)).toBeGreaterThan(5.85);

    // Positions independent of each other (a copied or derived character adds nothing): two
    // positions agree by chance 1 time in 62, about 48 of 3,003; 145 is 14 standard deviations off.
    let worstAgreement = 0;
    for (let i = 0; i < 32; i++) {
      for (let j = i + 1; j < 32; j++) {
        worstAgreement = Math.max(worstAgreement, secrets.filter((secret) => secret[i] === secret[j]).length);
      }
    }
    expect(worstAgreement).toBeLessThan(145);

    // Independent positions add up: the secret's measured entropy.
    expect(perPosition.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(128);
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

  it('cost the same work for an unknown id as for a known id with a wrong secret', async () => {
    const { browser } = await h.signUp();
    const { key, secret } = await create(h, browser);
    const publicId = key.prefix.slice('gate_'.length);
    // A well-formed key (valid checksum) with the real id and another secret, and one with an id nobody has.
    const wrongSecret = formatApiKey(publicId);
    const unknownId = formatApiKey(publicId === 'zzzzzzzz' ? 'yyyyyyyy' : 'zzzzzzzz');
    const trace = async (presented: string) => {
      seen.comparisons.length = 0;
      seen.reads.length = 0;
      const attempt = authenticateApiKey(h.orm.em.fork(), presented);
      const outcome = await attempt.then(
        (p) => p.keyId,
        async () => (await rejection(attempt)).data.reason,
      );
      return { outcome, comparisons: [...seen.comparisons], reads: [...seen.reads] };
    };
    const valid = await trace(secret);
    const known = await trace(wrongSecret);
    const unknown = await trace(unknownId);
    expect(valid.outcome).toBe(key.id);
    expect([known.outcome, unknown.outcome]).toEqual(['INVALID_API_KEY', 'INVALID_API_KEY']);
    // The same single statement, and every candidate compared as equal-length SHA-256 digests.
    for (const t of [valid, known, unknown]) {
      expect(t.reads).toEqual([KEY_LOOKUP_SQL]);
      expect(t.comparisons).toEqual(Array.from({ length: COMPARED_SECRETS }, () => [32, 32]));
    }
  });

  it('compare both live secrets during a rotation, and accept either', async () => {
    const { browser } = await h.signUp();
    const { key, secret: old } = await create(h, browser);
    const rotated = await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id, gracePeriodSeconds: 600 }));
    const stored = (await h.orm.em.fork().find(ApiKeySecret, { key: key.id })).map((s) => s.secretHash).sort();
    expect(stored).toEqual([hashApiKey(old), hashApiKey(rotated.secret)].sort());
    for (const presented of [old, rotated.secret, formatApiKey(key.prefix.slice('gate_'.length))]) {
      seen.comparisons.length = 0;
      seen.compared.length = 0;
      await authenticateApiKey(h.orm.em.fork(), presented).catch(() => null);
      // Each stored digest itself, whichever matches and in whatever order, against the presented one.
      expect(seen.compared.map(([candidate]) => candidate).sort()).toEqual(stored);
      expect(seen.compared.map(([, against]) => against)).toEqual([hashApiKey(presented), hashApiKey(presented)]);
    }
    for (const presented of [old, rotated.secret]) expect((await authenticateApiKey(h.orm.em.fork(), presented)).keyId).toBe(key.id);
  });

  it('take their verdict from the constant-time comparison, not from a comparison beside it', async () => {
    const { browser } = await h.signUp();
    const { secret } = await create(h, browser);
    seen.unequal = true;
    try {
      expect((await rejection(authenticateApiKey(h.orm.em.fork(), secret))).data.reason).toBe('INVALID_API_KEY');
    } finally {
      seen.unequal = false;
    }
    expect((await authenticateApiKey(h.orm.em.fork(), secret)).userId).toBeDefined();
  });

  it('write lastUsedAt once a minute at most, however many requests race', async () => {
    const { browser } = await h.signUp();
    const { key, secret } = await create(h, browser);
    const writes: string[] = [];
    const knex = h.orm.em.getConnection().getKnex();
    const onQuery = (q: { sql: string }) => {
      if (/^\s*update\b/i.test(q.sql) && q.sql.includes('api_key')) writes.push(q.sql);
    };
    knex.on('query', onQuery);
    try {
      await Promise.all(Array.from({ length: 20 }, () => h.keyClient(secret).call((c) => c.me.get())));
      expect(writes).toHaveLength(1);
      for (let i = 0; i < 5; i++) await h.keyClient(secret).call((c) => c.me.get());
      expect(writes).toHaveLength(1);
    } finally {
      knex.off('query', onQuery);
    }
    expect((await h.orm.em.fork().findOneOrFail(ApiKey, key.id)).lastUsedAt).toBeInstanceOf(Date);
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
