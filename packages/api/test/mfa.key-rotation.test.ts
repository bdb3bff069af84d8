// Operation: MFA_ENCRYPTION_KEY is rotated (a leaked backup of the key, a yearly policy). With the
// old key kept as MFA_ENCRYPTION_KEY_PREVIOUS nobody's authenticator app stops working, every
// secret gets sealed again under the new key, and the old key can then be dropped. A secret no
// configured key opens matches no code and never fails the request.
import { randomBytes } from 'node:crypto';
import { AuditEvent, MfaTotp, OutboxMail } from '@gatehouse/db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSecret } from '../src/auth/totp.js';
import { resealTotpSecrets } from '../src/domain/mfa/reseal.js';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { closeSudo, enrolTotp, midStep, totpCode } from './mfa-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { sudo: { points: 50, durationSeconds: 900 } } });
});
afterAll(() => h.close());
afterEach(() => vi.useRealTimers());

const sealedOf = async (userId: string) => h.orm.em.fork().findOneOrFail(MfaTotp, { user: userId });

describe('rotating MFA_ENCRYPTION_KEY', () => {
  it('keeps every app working through the overlap, reseals every secret once, and then needs only the new key', async () => {
    const oldKey = randomBytes(32);
    const lostKey = randomBytes(32);
    const newKey = randomBytes(32);

    // Carol set her app up under a key the operator no longer has.
    h.config.mfaEncryptionKey = lostKey;
    const carol = await h.signUp();
    const carolApp = await enrolTotp(carol.browser);
    // Alice has an app; Bob has only begun setting one up.
    h.config.mfaEncryptionKey = oldKey;
    const alice = await h.signUp();
    const aliceApp = await enrolTotp(alice.browser);
    const bob = await h.signUp();
    const bobSetup = await bob.browser.call((c) => c.me.mfa.totp.begin());
    // Erin began hers under the old key too, and confirms it during the overlap.
    const erin = await h.signUp();
    const erinSetup = await erin.browser.call((c) => c.me.mfa.totp.begin());

    // The rotation: new key current, old key previous.
    h.config.mfaEncryptionKey = newKey;
    h.config.mfaPreviousKeys = [oldKey];
    vi.useFakeTimers({ toFake: ['Date'] });
    let now = midStep(Date.now() + 10 * 60_000);
    vi.setSystemTime(now);
    await closeSudo(h, alice.browser);
    await expect(alice.browser.call((c) => c.me.sudo.enter({ code: totpCode(aliceApp.secret, now) }))).resolves.toHaveProperty('expiresAt');
    // Used, Alice's secret was sealed again under the new key on the way.
    const aliceRow = await sealedOf(alice.userId);
    expect(openSecret(newKey, alice.userId, aliceRow.secret!)).toBe(aliceApp.secret);
    expect(() => openSecret(oldKey, alice.userId, aliceRow.secret!)).toThrow();
    // Erin's setup, begun under the old key, becomes a secret under the new one: never a copy of the old seal.
    await erin.browser.call((c) => c.me.mfa.totp.confirm({ code: totpCode(erinSetup.secret, now) }));
    expect(openSecret(newKey, erin.userId, (await sealedOf(erin.userId)).secret!)).toBe(erinSetup.secret);

    // Carol's app cannot be checked (no key opens her secret): a refusal that says so, not a
    // server error, and not "a wrong code was entered" in her audit trail and mailbox.
    await closeSudo(h, carol.browser);
    const refused = await expectFailure(carol.browser.call((c) => c.me.sudo.enter({ code: totpCode(carolApp.secret, now) })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_MFA_CODE',
    });
    expect(refused.message).toMatch(/cannot be checked.*passkey or a backup code/);
    const em = h.orm.em.fork();
    expect(await em.count(AuditEvent, { $or: [{ action: 'mfa.code_failed', targetId: carol.userId }, { action: 'sudo.failed', actorId: carol.userId }] })).toBe(0);
    expect(await em.count(OutboxMail, { user: carol.userId, subject: 'Gatehouse: A wrong two-factor code was entered' })).toBe(0);

    expect(await resealTotpSecrets(h.orm.em, h.config)).toEqual({ resealed: 1, unreadable: 1, remaining: 0 });
    // Bob's pending setup: sealed again under the new key alone, the same secret.
    const bobRow = await sealedOf(bob.userId);
    expect(openSecret(newKey, bob.userId, bobRow.pendingSecret!)).toBe(bobSetup.secret);
    expect(bobRow.secret).toBeNull();
    expect(await resealTotpSecrets(h.orm.em, h.config)).toEqual({ resealed: 0, unreadable: 1, remaining: 0 });

    // The old key dropped: Alice's next code and Bob's confirmation work on the new key alone.
    h.config.mfaPreviousKeys = [];
    now += 60_000;
    vi.setSystemTime(now);
    await closeSudo(h, alice.browser);
    await expect(alice.browser.call((c) => c.me.sudo.enter({ code: totpCode(aliceApp.secret, now) }))).resolves.toHaveProperty('expiresAt');
    const { backupCodes } = await bob.browser.call((c) => c.me.mfa.totp.confirm({ code: totpCode(bobSetup.secret, now) }));
    expect(backupCodes).toHaveLength(10);
    expect(openSecret(newKey, bob.userId, (await sealedOf(bob.userId)).secret!)).toBe(bobSetup.secret);
  });

  it('run by every instance of a fleet at once, seals each secret once, and each ends openable by the new key', async () => {
    const oldKey = randomBytes(32);
    h.config.mfaEncryptionKey = oldKey;
    h.config.mfaPreviousKeys = [];
    const people = await Promise.all(Array.from({ length: 3 }, () => h.signUp()));
    const apps = await Promise.all(people.map((p) => enrolTotp(p.browser)));
    const newKey = randomBytes(32);
    h.config.mfaEncryptionKey = newKey;
    h.config.mfaPreviousKeys = [oldKey];

    const outcomes = await Promise.all(Array.from({ length: 4 }, () => resealTotpSecrets(h.orm.em, h.config)));
    // Only the write that still found the ciphertext it read counts: three secrets, three reseals in all.
    expect(outcomes.reduce((sum, o) => sum + o.resealed, 0)).toBe(3);
    expect(outcomes.map((o) => o.remaining)).toEqual([0, 0, 0, 0]);
    for (const [i, person] of people.entries()) {
      expect(openSecret(newKey, person.userId, (await sealedOf(person.userId)).secret!)).toBe(apps[i]!.secret);
    }
  });
});
