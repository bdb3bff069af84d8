// Attack: add a passkey to someone's account without a fresh step-up, with an answer made for
// another session or an old challenge, or with an authenticator that never verified the user;
// rename or remove another user's passkey.
import { AuditEvent, OutboxMail, Passkey, Session, WebAuthnChallenge } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/sessions.js';
import { secondFactorsOf } from '../src/domain/second-factors.js';
import { createHarness, expectFailure, type Browser, type Harness } from './harness.js';
import { SoftAuthenticator } from './soft-authenticator.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const closeSudo = (browser: Browser) =>
  h.orm.em.fork().nativeUpdate(Session, { tokenHash: hashToken(browser.cookie!) }, { sudoUntil: null });
const passkeysOf = (userId: string) => h.orm.em.fork().find(Passkey, { user: userId });
const audits = (action: string, actorId: string) => h.orm.em.fork().find(AuditEvent, { action, actorId });

async function enrolled(name = 'Laptop') {
  const account = await h.signUp();
  const authenticator = new SoftAuthenticator(h.config.appOrigin);
  const options = await account.browser.call((c) => c.me.mfa.passkeys.registrationOptions());
  const result = await account.browser.call((c) => c.me.mfa.passkeys.register({ name, response: authenticator.register(options) }));
  return { ...account, authenticator, passkey: result.passkey };
}

describe('me.mfa.passkeys.registrationOptions and register', () => {
  it('adds a passkey with user verification required, audited and mailed', async () => {
    const { browser, userId, email } = await h.signUp();
    const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    expect(options.rp.id).toBe('localhost');
    expect(options.authenticatorSelection).toMatchObject({ userVerification: 'required', residentKey: 'required' });
    const authenticator = new SoftAuthenticator(h.config.appOrigin);
    const response = authenticator.register(options);
    const { passkey, backupCodes } = await browser.call((c) => c.me.mfa.passkeys.register({ name: 'Laptop', response }));
    // The first factor issues the ten backup codes (SPEC §9).
    expect(backupCodes).toHaveLength(10);
    expect(await browser.call((c) => c.me.mfa.status())).toMatchObject({ enabled: true, totp: false, backupCodesLeft: 10, passkeys: [passkey] });

    const [row] = await passkeysOf(userId);
    expect(row).toMatchObject({ id: passkey.id, name: 'Laptop', credentialId: response.id, counter: 0, transports: 'internal', lastUsedAt: null });
    expect(await secondFactorsOf(h.orm.em.fork(), userId)).toEqual([
      { method: 'passkey', id: passkey.id },
      { method: 'backup_code', id: 'backup_codes' },
    ]);
    expect(await audits('mfa.passkey_added', userId)).toHaveLength(1);
    const mails = await h.orm.em.fork().find(OutboxMail, { toAddress: email });
    expect(mails.map((m) => m.subject)).toContain('Gatehouse: A passkey was added to your account');
    // The challenge is gone: it answered once.
    expect(await h.orm.em.fork().count(WebAuthnChallenge, { user: userId })).toBe(0);
  });

  it('offers the passkeys already held as excluded, so one authenticator is not counted twice', async () => {
    const { browser, passkey, userId } = await enrolled();
    const [row] = await passkeysOf(userId);
    const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([row!.credentialId]);
    // A second passkey is not the first factor: no new codes, the old ones stand.
    const second = await browser.call((c) => c.me.mfa.passkeys.register({ name: 'Phone', response: new SoftAuthenticator(h.config.appOrigin).register(options) }));
    expect(second.backupCodes).toBeNull();
    expect((await browser.call((c) => c.me.mfa.status())).backupCodesLeft).toBe(10);
    expect(passkey.name).toBe('Laptop');
  });

  it('needs the sudo window to begin, and an interactive session', async () => {
    const { browser } = await h.signUp();
    await closeSudo(browser);
    await expectFailure(browser.call((c) => c.me.mfa.passkeys.registrationOptions()), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    await expectFailure(h.browser().call((c) => c.me.mfa.passkeys.registrationOptions()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    const owner = await h.signUp();
    const { secret } = await owner.browser.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read', 'profile:write'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.mfa.passkeys.registrationOptions()), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
  });

  it('uses a challenge once: the same answer again adds nothing', async () => {
    const { browser, userId } = await h.signUp();
    const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    const response = new SoftAuthenticator(h.config.appOrigin).register(options);
    await browser.call((c) => c.me.mfa.passkeys.register({ name: 'Once', response }));
    await expectFailure(browser.call((c) => c.me.mfa.passkeys.register({ name: 'Twice', response })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
    expect(await passkeysOf(userId)).toHaveLength(1);
  });

  it('refuses an answer to a challenge another session was given', async () => {
    const victim = await h.signUp();
    const options = await victim.browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    const response = new SoftAuthenticator(h.config.appOrigin).register(options);
    // The same user signed in elsewhere, and another user: neither session was given this challenge.
    const elsewhere = h.browser();
    await elsewhere.call((c) => c.auth.signIn({ email: victim.email, password: victim.password }));
    await expectFailure(elsewhere.call((c) => c.me.mfa.passkeys.register({ name: 'Stolen', response })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
    const attacker = await h.signUp();
    await expectFailure(attacker.browser.call((c) => c.me.mfa.passkeys.register({ name: 'Stolen', response })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
    expect(await passkeysOf(victim.userId)).toHaveLength(0);
    expect(await passkeysOf(attacker.userId)).toHaveLength(0);
  });

  it('refuses an expired challenge', async () => {
    const { browser, userId } = await h.signUp();
    const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    await h.orm.em.fork().nativeUpdate(WebAuthnChallenge, { user: userId }, { expiresAt: new Date(Date.now() - 1000) });
    const response = new SoftAuthenticator(h.config.appOrigin).register(options);
    await expectFailure(browser.call((c) => c.me.mfa.passkeys.register({ name: 'Late', response })), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
    expect(await passkeysOf(userId)).toHaveLength(0);
  });

  it('refuses an authenticator that did not verify the user, and an answer made for another site', async () => {
    const { browser, userId } = await h.signUp();
    const unverified = new SoftAuthenticator(h.config.appOrigin, { userVerified: false });
    let options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    await expectFailure(browser.call((c) => c.me.mfa.passkeys.register({ name: 'No UV', response: unverified.register(options) })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
    const phishing = new SoftAuthenticator('https://gatehouse.example.evil');
    options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    await expectFailure(browser.call((c) => c.me.mfa.passkeys.register({ name: 'Phished', response: phishing.register(options) })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
    expect(await passkeysOf(userId)).toHaveLength(0);
  });
});

describe('me.mfa.passkeys.rename and delete', () => {
  it('renames your own passkey, audited', async () => {
    const { browser, passkey, userId } = await enrolled();
    const renamed = await browser.call((c) => c.me.mfa.passkeys.rename({ passkeyId: passkey.id, name: 'Work laptop' }));
    expect(renamed.name).toBe('Work laptop');
    expect((await passkeysOf(userId))[0]!.name).toBe('Work laptop');
    expect(await audits('mfa.passkey_renamed', userId)).toHaveLength(1);
  });

  it("never reaches another user's passkey", async () => {
    const victim = await enrolled('Victim key');
    const attacker = await h.signUp();
    await expectFailure(attacker.browser.call((c) => c.me.mfa.passkeys.rename({ passkeyId: victim.passkey.id, name: 'Mine now' })), {
      code: 'NOT_FOUND',
      reason: null,
    });
    await expectFailure(attacker.browser.call((c) => c.me.mfa.passkeys.delete({ passkeyId: victim.passkey.id })), { code: 'NOT_FOUND', reason: null });
    expect((await passkeysOf(victim.userId)).map((p) => p.name)).toEqual(['Victim key']);
  });

  it('removes a passkey only inside the sudo window; removal is audited and mailed', async () => {
    const { browser, passkey, userId, email } = await enrolled();
    await closeSudo(browser);
    await expectFailure(browser.call((c) => c.me.mfa.passkeys.delete({ passkeyId: passkey.id })), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    expect(await passkeysOf(userId)).toHaveLength(1);
    // (Confirming with the passkey itself is proven in passkeys.sign-in-and-sudo.test.ts.)
    await h.orm.em.fork().nativeUpdate(Session, { tokenHash: hashToken(browser.cookie!) }, { sudoUntil: new Date(Date.now() + 60_000) });
    await browser.call((c) => c.me.mfa.passkeys.delete({ passkeyId: passkey.id }));
    expect(await passkeysOf(userId)).toHaveLength(0);
    expect(await audits('mfa.passkey_removed', userId)).toHaveLength(1);
    const mails = await h.orm.em.fork().find(OutboxMail, { toAddress: email });
    expect(mails.map((m) => m.subject)).toContain('Gatehouse: A passkey was removed from your account');
    expect(await secondFactorsOf(h.orm.em.fork(), userId)).toEqual([]);
    // The last factor gone, MFA is off and its backup codes with it.
    expect(await browser.call((c) => c.me.mfa.status())).toEqual({ enabled: false, totp: false, passkeys: [], backupCodesLeft: 0 });
  });
});
