// Attack: sign in (or reset the password) with a stolen password alone, finish someone else's
// pending sign-in from another browser, guess the second factor, or reuse a backup code.
import { AuditEvent, MfaPendingSignIn, OutboxMail, User } from '@gatehouse/db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pendingCookieName } from '../src/auth/mfa-pending-cookie.js';
import { verifyPassword } from '../src/auth/passwords.js';
import { createHarness, expectFailure, settledReasons, STRONG_PASSWORD, type Browser, type Harness } from './harness.js';
import { enrolTotp, midStep, totpCode } from './mfa-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());
afterEach(() => vi.useRealTimers());

const pendingOf = (b: Browser) => b.otherCookies.get(pendingCookieName(h.config)) ?? null;

async function enrolledAccount() {
  const account = await h.signUp();
  const totp = await enrolTotp(account.browser);
  return { ...account, ...totp };
}

/** The password step from a fresh browser: answered mfaRequired, with only a pending cookie. */
async function passwordStep(email: string, password = STRONG_PASSWORD): Promise<Browser> {
  const b = h.browser();
  expect(await b.call((c) => c.auth.signIn({ email, password }))).toEqual({ mfaRequired: true, methods: ['totp', 'backup_code'] });
  expect(b.cookie).toBeNull();
  expect(pendingOf(b)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return b;
}

/** A code for a step no earlier test of this account used. */
function laterCode(secret: string, minutes: number): string {
  const at = midStep(Date.now() + minutes * 60_000);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  return totpCode(secret, at);
}

describe('auth.signIn with MFA', () => {
  it('answers mfaRequired and no session; a code from the same browser completes it with the sudo window', async () => {
    const { email, secret, userId } = await enrolledAccount();
    const b = await passwordStep(email);
    await expectFailure(b.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(await h.orm.em.fork().count(MfaPendingSignIn, { user: userId })).toBe(1);
    const code = laterCode(secret, 2);
    expect(await b.call((c) => c.auth.mfa.verify({ code }))).toEqual({ userId, completed: 'sign_in' });
    expect(pendingOf(b)).toBeNull();
    expect(await b.call((c) => c.me.get())).toMatchObject({ id: userId });
    expect((await b.call((c) => c.me.sudo.status())).active).toBe(true);
    const em = h.orm.em.fork();
    expect(await em.count(MfaPendingSignIn, { user: userId })).toBe(0);
    const signedIn = await em.find(AuditEvent, { action: 'user.signed_in', actorId: userId }, { orderBy: { id: 'desc' } });
    expect(signedIn[0]!.metadata).toEqual({ secondFactor: 'totp' });
    // Used up: the same pending sign-in cannot be completed again.
    await expectFailure(b.call((c) => c.auth.mfa.verify({ code })), { code: 'UNAUTHORIZED', reason: 'MFA_REQUIRED' });
  });

  it('is bound to its browser: another browser (another cookie, or none) cannot complete it', async () => {
    const { email, secret } = await enrolledAccount();
    const victim = await passwordStep(email);
    const code = laterCode(secret, 2);
    const attacker = h.browser();
    await expectFailure(attacker.call((c) => c.auth.mfa.verify({ code })), { code: 'UNAUTHORIZED', reason: 'MFA_REQUIRED' });
    attacker.otherCookies.set(pendingCookieName(h.config), 'x'.repeat(43));
    await expectFailure(attacker.call((c) => c.auth.mfa.verify({ code })), { code: 'UNAUTHORIZED', reason: 'MFA_REQUIRED' });
    // The attacker's own pending sign-in (they know the password) does not reach the victim's.
    expect(attacker.cookie).toBeNull();
    // The victim's browser still completes it with the untouched code.
    await victim.call((c) => c.auth.mfa.verify({ code }));
    expect(victim.cookie).not.toBeNull();
  });

  it('expires after five minutes', async () => {
    const { email, secret } = await enrolledAccount();
    const b = await passwordStep(email);
    const code = laterCode(secret, 6);
    await expectFailure(b.call((c) => c.auth.mfa.verify({ code })), { code: 'UNAUTHORIZED', reason: 'MFA_REQUIRED' });
    expect(b.cookie).toBeNull();
  });

  it('refuses a wrong code (audited, mailed), and the right code still works after it', async () => {
    const { email, secret, userId } = await enrolledAccount();
    const b = await passwordStep(email);
    const code = laterCode(secret, 2);
    const wrong = code === '000000' ? '111111' : '000000';
    await expectFailure(b.call((c) => c.auth.mfa.verify({ code: wrong })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    const em = h.orm.em.fork();
    const [failed] = await em.find(AuditEvent, { action: 'mfa.code_failed', targetId: userId });
    expect(failed).toMatchObject({ actorId: null, metadata: { during: 'sign_in', method: 'totp' } });
    expect((await em.find(OutboxMail, { user: userId })).map((m) => m.subject)).toContain('Gatehouse: A wrong two-factor code was entered');
    await b.call((c) => c.auth.mfa.verify({ code }));
    expect(b.cookie).not.toBeNull();
  });

  it('allows 5 wrong factors per pending sign-in, then refuses even the right one', async () => {
    const { email, secret } = await enrolledAccount();
    const b = await passwordStep(email);
    const code = laterCode(secret, 2);
    const wrong = code === '000000' ? '111111' : '000000';
    const results = await Promise.allSettled(Array.from({ length: 7 }, () => b.call((c) => c.auth.mfa.verify({ code: wrong }))));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'INVALID_MFA_CODE')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(2);
    await expectFailure(b.call((c) => c.auth.mfa.verify({ code })), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
  });

  it('allows 10 wrong factors per user across pending sign-ins in 15 minutes', async () => {
    const { email, secret } = await enrolledAccount();
    const code = laterCode(secret, 2);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 2; i++) {
      const b = await passwordStep(email);
      for (let j = 0; j < 5; j++) await expectFailure(b.call((c) => c.auth.mfa.verify({ code: wrong })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    }
    const third = await passwordStep(email);
    await expectFailure(third.call((c) => c.auth.mfa.verify({ code })), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
  });

  it('takes a backup code once; the owner is warned when few are left', async () => {
    const { email, backupCodes, userId } = await enrolledAccount();
    const b = await passwordStep(email);
    // As printed, or typed in capitals without dashes: the same code.
    await b.call((c) => c.auth.mfa.verify({ backupCode: backupCodes[0]!.toUpperCase().replaceAll('-', '') }));
    expect(b.cookie).not.toBeNull();
    const again = await passwordStep(email);
    await expectFailure(again.call((c) => c.auth.mfa.verify({ backupCode: backupCodes[0]! })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    expect(await b.call((c) => c.me.mfa.status())).toMatchObject({ backupCodesLeft: 9 });

    for (const code of backupCodes.slice(1, 7)) {
      const next = await passwordStep(email);
      await next.call((c) => c.auth.mfa.verify({ backupCode: code }));
    }
    const em = h.orm.em.fork();
    const uses = await em.find(AuditEvent, { action: 'mfa.backup_code_used', targetId: userId }, { orderBy: { id: 'asc' } });
    expect(uses.map((u) => (u.metadata as { left: number }).left)).toEqual([9, 8, 7, 6, 5, 4, 3]);
    const subjects = (await em.find(OutboxMail, { user: userId })).map((m) => m.subject);
    expect(subjects.filter((s) => s === 'Gatehouse: A backup code was used')).toHaveLength(6);
    expect(subjects).toContain('Gatehouse: A backup code was used: 3 left');
  });

  it('one backup code used in parallel signs in once', async () => {
    const { email, backupCodes } = await enrolledAccount();
    const browsers = await Promise.all(Array.from({ length: 4 }, () => passwordStep(email)));
    const results = await Promise.allSettled(browsers.map((b) => b.call((c) => c.auth.mfa.verify({ backupCode: backupCodes[0]! }))));
    expect(settledReasons(results).filter((r) => r === 'ok')).toHaveLength(1);
  });

  it('a wrong password still answers INVALID_CREDENTIALS and starts nothing', async () => {
    const { email, userId } = await enrolledAccount();
    const b = h.browser();
    await expectFailure(b.call((c) => c.auth.signIn({ email, password: 'wrong password entirely' })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(pendingOf(b)).toBeNull();
    expect(await h.orm.em.fork().count(MfaPendingSignIn, { user: userId })).toBe(0);
  });

  it('an account without MFA signs in at once, as before', async () => {
    const { email, userId } = await h.signUp();
    const b = h.browser();
    expect(await b.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }))).toEqual({ mfaRequired: false, userId });
    expect(b.cookie).not.toBeNull();
  });
});

describe('auth.resetPassword with MFA (SPEC §8)', () => {
  const NEW_PASSWORD = 'an entirely new passphrase 77';

  async function resetStep(email: string): Promise<Browser> {
    const b = h.browser();
    await b.call((c) => c.auth.requestPasswordReset({ email }));
    const token = await h.mailedToken(email, '/reset-password/');
    expect(await b.call((c) => c.auth.resetPassword({ token, newPassword: NEW_PASSWORD }))).toEqual({
      mfaRequired: true,
      methods: ['totp', 'backup_code'],
    });
    return b;
  }

  it('takes effect only after a factor from the same browser, and signs nobody in', async () => {
    const { email, secret, userId, browser: old } = await enrolledAccount();
    const b = await resetStep(email);
    const em = h.orm.em.fork();
    // Nothing changed yet: the old password still works, the old session lives.
    expect(await verifyPassword((await em.findOneOrFail(User, { id: userId })).passwordHash, STRONG_PASSWORD)).toBe(true);
    expect(await old.call((c) => c.me.get())).toMatchObject({ id: userId });
    // Another browser holding the link alone cannot finish it.
    const code = laterCode(secret, 2);
    await expectFailure(h.browser().call((c) => c.auth.mfa.verify({ code })), { code: 'UNAUTHORIZED', reason: 'MFA_REQUIRED' });

    expect(await b.call((c) => c.auth.mfa.verify({ code }))).toEqual({ userId, completed: 'reset_password' });
    expect(b.cookie).toBeNull();
    const user = await h.orm.em.fork().findOneOrFail(User, { id: userId });
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
    await expectFailure(old.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    const [reset] = await h.orm.em.fork().find(AuditEvent, { action: 'user.password_reset', targetId: userId });
    expect(reset!.metadata).toMatchObject({ secondFactor: 'totp' });
    // The new password then signs in, with MFA as ever.
    await passwordStep(email, NEW_PASSWORD);
  });

  it('does nothing when the factor is wrong or never comes', async () => {
    const { email, userId } = await enrolledAccount();
    const b = await resetStep(email);
    await expectFailure(b.call((c) => c.auth.mfa.verify({ backupCode: 'aaaa-bbbb-cccc-dddd' })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    const user = await h.orm.em.fork().findOneOrFail(User, { id: userId });
    expect(await verifyPassword(user.passwordHash, STRONG_PASSWORD)).toBe(true);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.password_reset', targetId: userId })).toBe(0);
  });
});
