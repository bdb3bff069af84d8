// Attack: replay a TOTP code someone saw, guess one outside the clock-drift window, or read the
// secrets out of a copy of the database.
import { randomBytes } from 'node:crypto';
import { AuditEvent, MfaBackupCode, MfaTotp, OutboxMail } from '@gatehouse/db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSecret } from '../src/auth/totp.js';
import { createHarness, expectFailure, settledReasons, type Harness } from './harness.js';
import { closeSudo, enrolTotp, midStep, totpCode } from './mfa-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { sudo: { points: 50, durationSeconds: 900 } } });
});
afterAll(() => h.close());
afterEach(() => vi.useRealTimers());

describe('me.mfa.totp enrolment', () => {
  it('begins with a secret and an otpauth URL, confirms with a code, and issues ten backup codes once', async () => {
    const { browser, userId, email } = await h.signUp();
    expect(await browser.call((c) => c.me.mfa.status())).toEqual({ enabled: false, totp: false, passkeys: [], backupCodesLeft: 0 });
    const { secret, otpauthUrl } = await browser.call((c) => c.me.mfa.totp.begin());
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(url.pathname)).toContain(email);
    // Not on until confirmed.
    expect((await browser.call((c) => c.me.mfa.status())).enabled).toBe(false);

    const { backupCodes } = await browser.call((c) => c.me.mfa.totp.confirm({ code: totpCode(secret) }));
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    for (const code of backupCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(await browser.call((c) => c.me.mfa.status())).toEqual({ enabled: true, totp: true, passkeys: [], backupCodesLeft: 10 });

    // Stored sealed and hashed: neither the secret nor any code is in the database.
    const em = h.orm.em.fork();
    const row = await em.findOneOrFail(MfaTotp, { user: userId });
    expect(row.secret).not.toContain(secret);
    expect(row.pendingSecret).toBeNull();
    expect(openSecret(h.config.mfaEncryptionKey, userId, row.secret!)).toBe(secret);
    expect(() => openSecret(randomBytes(32), userId, row.secret!)).toThrow();
    // Bound to its user: the same ciphertext does not open as someone else's.
    expect(() => openSecret(h.config.mfaEncryptionKey, 'another-user', row.secret!)).toThrow();
    const stored = await em.find(MfaBackupCode, { user: userId });
    expect(stored).toHaveLength(10);
    for (const code of backupCodes) expect(stored.map((s) => s.codeHash)).not.toContain(code);

    expect(await em.count(AuditEvent, { action: 'mfa.totp_enabled', targetId: userId })).toBe(1);
    const mails = await em.find(OutboxMail, { user: userId });
    expect(mails.map((m) => m.subject)).toContain('Gatehouse: Two-factor authentication is on');
    for (const mail of mails) {
      expect(mail.text).not.toContain(secret);
      for (const code of backupCodes) expect(mail.text).not.toContain(code);
    }
  });

  it('refuses a wrong confirmation code and stays off', async () => {
    const { browser, userId } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.mfa.totp.begin());
    const wrong = totpCode(secret, Date.now() - 5 * 60_000);
    await expectFailure(browser.call((c) => c.me.mfa.totp.confirm({ code: wrong })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    expect((await browser.call((c) => c.me.mfa.status())).enabled).toBe(false);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'mfa.totp_confirm_failed', actorId: userId })).toBe(1);
    await expectFailure(browser.call((c) => c.me.mfa.totp.confirm({ code: 'abcdef' })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
  });

  it('refuses confirm without a begun setup', async () => {
    const { browser } = await h.signUp();
    await expectFailure(browser.call((c) => c.me.mfa.totp.confirm({ code: '123456' })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
  });

  it('needs sudo to begin, disable and regenerate', async () => {
    const { browser } = await h.signUp();
    await enrolTotp(browser);
    await closeSudo(h, browser);
    await expectFailure(browser.call((c) => c.me.mfa.totp.begin()), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    await expectFailure(browser.call((c) => c.me.mfa.totp.disable()), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    await expectFailure(browser.call((c) => c.me.mfa.backupCodes.regenerate()), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    expect((await browser.call((c) => c.me.mfa.status())).enabled).toBe(true);
  });

  it('re-enrolling keeps the old app working until the new one is confirmed, then issues a fresh set of codes', async () => {
    const { browser, userId } = await h.signUp();
    const first = await enrolTotp(browser);
    const { secret: next } = await browser.call((c) => c.me.mfa.totp.begin());
    expect(next).not.toBe(first.secret);
    expect(await browser.call((c) => c.me.mfa.status())).toMatchObject({ enabled: true, totp: true, backupCodesLeft: 10 });
    const { backupCodes } = await browser.call((c) => c.me.mfa.totp.confirm({ code: totpCode(next) }));
    expect(backupCodes.filter((c) => first.backupCodes.includes(c))).toEqual([]);
    const row = await h.orm.em.fork().findOneOrFail(MfaTotp, { user: userId });
    expect(openSecret(h.config.mfaEncryptionKey, userId, row.secret!)).toBe(next);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'mfa.totp_replaced', targetId: userId })).toBe(1);
  });

  it('disable removes the app and the backup codes, audited and mailed', async () => {
    const { browser, userId } = await h.signUp();
    await enrolTotp(browser);
    await browser.call((c) => c.me.mfa.totp.disable());
    expect(await browser.call((c) => c.me.mfa.status())).toEqual({ enabled: false, totp: false, passkeys: [], backupCodesLeft: 0 });
    const em = h.orm.em.fork();
    expect(await em.count(MfaBackupCode, { user: userId })).toBe(0);
    expect(await em.count(AuditEvent, { action: 'mfa.totp_disabled', targetId: userId })).toBe(1);
    expect((await em.find(OutboxMail, { user: userId })).map((m) => m.subject)).toContain('Gatehouse: Your authenticator app was removed');
    await expectFailure(browser.call((c) => c.me.mfa.totp.disable()), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
    await expectFailure(browser.call((c) => c.me.mfa.backupCodes.regenerate()), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
  });

  it('regenerate voids the old set', async () => {
    const { browser, userId } = await h.signUp();
    const { backupCodes: old } = await enrolTotp(browser);
    const { backupCodes } = await browser.call((c) => c.me.mfa.backupCodes.regenerate());
    expect(backupCodes).toHaveLength(10);
    expect(backupCodes.filter((c) => old.includes(c))).toEqual([]);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'mfa.backup_codes_regenerated', targetId: userId })).toBe(1);
  });
});

describe('TOTP codes at sudo entry', () => {
  it('accept the current step and one either side, refuse two steps away', async () => {
    const { browser } = await h.signUp();
    const { secret } = await enrolTotp(browser);
    // Only Date is faked: the drivers' timers run for real.
    vi.useFakeTimers({ toFake: ['Date'] });
    // Well after enrolment's step, so the earlier steps are not already used.
    let now = midStep(Date.now() + 10 * 60_000);
    vi.setSystemTime(now);
    const enterWith = (at: number) => browser.call((c) => c.me.sudo.enter({ code: totpCode(secret, at) }));
    await expectFailure(enterWith(now - 60_000), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    await expectFailure(enterWith(now + 60_000), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    await expect(enterWith(now - 30_000)).resolves.toHaveProperty('expiresAt');
    await expect(enterWith(now)).resolves.toHaveProperty('expiresAt');
    await expect(enterWith(now + 30_000)).resolves.toHaveProperty('expiresAt');
    now += 5 * 60_000;
    vi.setSystemTime(now);
    await expect(enterWith(now)).resolves.toHaveProperty('expiresAt');
  });

  it('accept a code once: a replay, and an older step after a newer one, are refused', async () => {
    const { browser, userId } = await h.signUp();
    const { secret } = await enrolTotp(browser);
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = midStep(Date.now() + 10 * 60_000);
    vi.setSystemTime(now);
    const code = totpCode(secret, now);
    await browser.call((c) => c.me.sudo.enter({ code }));
    await expectFailure(browser.call((c) => c.me.sudo.enter({ code })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    await expectFailure(browser.call((c) => c.me.sudo.enter({ code: totpCode(secret, now - 30_000) })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_MFA_CODE',
    });
    const em = h.orm.em.fork();
    expect(await em.count(AuditEvent, { action: 'mfa.code_failed', targetId: userId })).toBe(2);
    expect(await em.count(AuditEvent, { action: 'sudo.failed', actorId: userId })).toBe(2);
    expect((await em.find(OutboxMail, { user: userId })).filter((m) => m.subject === 'Gatehouse: A wrong two-factor code was entered')).toHaveLength(2);
  });

  it('give one success for one code used in parallel', async () => {
    const { browser, email, password } = await h.signUp();
    // Several sessions of one account (signed in before MFA was on), each trying the same code at once.
    const others = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const b = h.browser();
        await b.call((c) => c.auth.signIn({ email, password }));
        return b;
      }),
    );
    const { secret } = await enrolTotp(browser);
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = midStep(Date.now() + 10 * 60_000);
    vi.setSystemTime(now);
    const code = totpCode(secret, now);
    const results = await Promise.allSettled([browser, ...others].map((b) => b.call((c) => c.me.sudo.enter({ code }))));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'INVALID_MFA_CODE')).toHaveLength(5);
  });
});
