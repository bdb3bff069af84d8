// Attack: rotate one key 20 times at once to keep more than two secrets alive, or delete it
// 20 times at once to write the deletion (and its notification) over and over.
import { ApiKeySecret, AuditEvent, Notification } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, rejectedCodes, settledReasons, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { keyMint: { points: 1000, durationSeconds: 3600 } } });
});
afterAll(() => h.close());

async function ownerWithKey() {
  const account = await h.signUp();
  const { key } = await account.browser.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read'], expiresInDays: 30 }));
  return { ...account, keyId: key.id };
}

describe('20 parallel rotations of one key', () => {
  it('all succeed, and never leave more than two live secrets (one current, one in its grace period)', async () => {
    const { browser, keyId } = await ownerWithKey();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => browser.call((c) => c.me.apiKeys.rotate({ keyId, gracePeriodSeconds: 3600 }))),
    );
    expect(settledReasons(results)).toEqual(Array(20).fill('ok'));
    const secrets = await h.orm.em.fork().find(ApiKeySecret, { key: keyId });
    const live = secrets.filter((s) => !s.expiresAt || s.expiresAt.getTime() > Date.now());
    expect(live).toHaveLength(2);
    expect(live.filter((s) => !s.expiresAt)).toHaveLength(1);
    // Of the 20 secrets handed out, exactly the last two work: the current one and the one in its grace period.
    const secretsReturned = results.map((r) => (r as PromiseFulfilledResult<{ secret: string }>).value.secret);
    const working = await Promise.all(secretsReturned.map((s) => h.keyClient(s).call((c) => c.me.get()).then(() => 1, () => 0)));
    expect(working.reduce<number>((a, b) => a + b, 0)).toBe(2);
  });
});

describe('20 parallel deletions of one key', () => {
  it('one deletes (one audit row, one notification), the others find nothing to delete', async () => {
    const { browser, keyId, userId } = await ownerWithKey();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => browser.call((c) => c.me.apiKeys.delete({ keyId }))));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(1);
    expect(rejectedCodes(results)).toEqual(Array(19).fill('NOT_FOUND'));
    const em = h.orm.em.fork();
    expect(await em.count(AuditEvent, { action: 'api_key.deleted', targetId: keyId })).toBe(1);
    expect(await em.count(Notification, { user: userId, type: 'api_key.deleted' })).toBe(1);
  });
});
