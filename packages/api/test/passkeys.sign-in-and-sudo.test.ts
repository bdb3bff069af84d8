// Attack: sign in or step up with a passkey answer that was captured and replayed, made for
// another browser's challenge, signed by a cloned authenticator (its counter went back), or by
// another user's passkey; or sign in with a passkey while the account is suspended.
import { AuditEvent, Membership, OutboxMail, Passkey, Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passkeyCookieName } from '../src/auth/passkey-cookie.js';
import { hashToken } from '../src/auth/sessions.js';
import { createHarness, expectFailure, type Browser, type Harness } from './harness.js';
import { SoftAuthenticator } from './soft-authenticator.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const fresh = () => h.orm.em.fork();

async function enrolled(behaviour: ConstructorParameters<typeof SoftAuthenticator>[1] = {}) {
  const account = await h.signUp();
  const authenticator = new SoftAuthenticator(h.config.appOrigin, behaviour);
  const options = await account.browser.call((c) => c.me.mfa.passkeys.registrationOptions());
  const { passkey } = await account.browser.call((c) => c.me.mfa.passkeys.register({ name: 'Phone', response: authenticator.register(options) }));
  return { ...account, authenticator, passkeyId: passkey.id };
}

async function passkeySignIn(browser: Browser, authenticator: SoftAuthenticator) {
  const options = await browser.call((c) => c.auth.passkey.options());
  const response = authenticator.assert(options);
  return { response, result: browser.call((c) => c.auth.passkey.signIn({ response })) };
}

describe('auth.passkey (passwordless sign-in)', () => {
  it('signs in with the passkey alone: a new session with the sudo window open, audited, counter and last use written', async () => {
    const { authenticator, userId, passkeyId } = await enrolled({ counterStep: 1 });
    const browser = h.browser();
    const options = await browser.call((c) => c.auth.passkey.options());
    expect(options.userVerification).toBe('required');
    // Discoverable: the browser is not told which passkeys exist.
    expect(options.allowCredentials).toBeUndefined();
    expect(browser.otherCookies.has(passkeyCookieName(h.config))).toBe(true);
    const response = authenticator.assert(options);
    expect(await browser.call((c) => c.auth.passkey.signIn({ response }))).toEqual({ userId });
    expect(browser.otherCookies.has(passkeyCookieName(h.config))).toBe(false);

    const session = await fresh().findOneOrFail(Session, { tokenHash: hashToken(browser.cookie!) });
    expect(session.user.id).toBe(userId);
    expect(session.sudoUntil!.getTime()).toBeGreaterThan(Date.now() + 590_000);
    expect((await browser.call((c) => c.me.get())).id).toBe(userId);
    const passkey = await fresh().findOneOrFail(Passkey, { id: passkeyId });
    expect(passkey.counter).toBe(2);
    expect(passkey.lastUsedAt).not.toBeNull();
    const [audit] = await fresh().find(AuditEvent, { action: 'user.signed_in', targetId: session.id });
    expect(audit!.metadata).toEqual({ method: 'passkey', passkeyId });
  });

  it('refuses the same answer twice: the challenge went with the first', async () => {
    const { authenticator } = await enrolled();
    const browser = h.browser();
    const { response, result } = await passkeySignIn(browser, authenticator);
    await result;
    const again = h.browser();
    await again.call((c) => c.auth.passkey.options());
    await expectFailure(again.call((c) => c.auth.passkey.signIn({ response })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    // Nor from the browser that used it, whose cookie was cleared with the challenge.
    await expectFailure(browser.call((c) => c.auth.passkey.signIn({ response })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    expect(again.cookie).toBeNull();
  });

  it("refuses an answer to another browser's challenge, and an answer with no challenge", async () => {
    const { authenticator, userId } = await enrolled();
    const victim = h.browser();
    const options = await victim.call((c) => c.auth.passkey.options());
    const response = authenticator.assert(options);
    const attacker = h.browser();
    await attacker.call((c) => c.auth.passkey.options());
    await expectFailure(attacker.call((c) => c.auth.passkey.signIn({ response })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    await expectFailure(h.browser().call((c) => c.auth.passkey.signIn({ response })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    expect(attacker.cookie).toBeNull();
    const failures = await fresh().find(AuditEvent, { action: 'user.sign_in_failed', targetId: userId });
    expect(failures.map((f) => (f.metadata as { method: string }).method)).toEqual(['passkey']);
  });

  it('refuses an expired challenge', async () => {
    const { authenticator } = await enrolled();
    const browser = h.browser();
    const options = await browser.call((c) => c.auth.passkey.options());
    await fresh().nativeUpdate('WebAuthnChallenge', { challenge: options.challenge }, { expiresAt: new Date(Date.now() - 1) });
    await expectFailure(browser.call((c) => c.auth.passkey.signIn({ response: authenticator.assert(options) })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(browser.cookie).toBeNull();
  });

  it('refuses a cloned authenticator whose counter went back, and tells the owner', async () => {
    const { authenticator, userId, email, passkeyId } = await enrolled({ counterStep: 1 });
    await (await passkeySignIn(h.browser(), authenticator)).result;
    const browser = h.browser();
    const options = await browser.call((c) => c.auth.passkey.options());
    const stale = authenticator.assert(options, { counter: 1 });
    await expectFailure(browser.call((c) => c.auth.passkey.signIn({ response: stale })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    const [failure] = await fresh().find(AuditEvent, { action: 'user.sign_in_failed', targetId: userId });
    expect(failure!.metadata).toEqual({ method: 'passkey', reason: 'counter_went_back', passkeyId });
    const subjects = (await fresh().find(OutboxMail, { toAddress: email })).map((m) => m.subject);
    expect(subjects).toContain('Gatehouse: A sign-in with your passkey was refused');
    expect((await fresh().findOneOrFail(Passkey, { id: passkeyId })).counter).toBe(2);
  });

  it('refuses an answer signed for another origin (a phishing page)', async () => {
    const { authenticator } = await enrolled();
    const browser = h.browser();
    const options = await browser.call((c) => c.auth.passkey.options());
    const phished = authenticator.assert(options, { origin: 'https://gatehouse.example.evil' });
    await expectFailure(browser.call((c) => c.auth.passkey.signIn({ response: phished })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    expect(browser.cookie).toBeNull();
  });

  it('refuses a suspended member after the passkey checks out', async () => {
    const { authenticator, userId } = await enrolled();
    await fresh().nativeUpdate(Membership, { user: userId }, { suspendedAt: new Date() });
    const browser = h.browser();
    const { result } = await passkeySignIn(browser, authenticator);
    await expectFailure(result, { code: 'FORBIDDEN', reason: 'ACCOUNT_SUSPENDED' });
    expect(browser.cookie).toBeNull();
  });

  it('is for browsers only: an API key cannot begin or finish it', async () => {
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.auth.passkey.options()), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
  });
});

describe('me.sudo.enter {passkeyResponse}', () => {
  const closeSudo = (browser: Browser) => fresh().nativeUpdate(Session, { tokenHash: hashToken(browser.cookie!) }, { sudoUntil: null });

  it('opens the window with your passkey, with a new token, audited as a passkey step-up', async () => {
    const { browser, authenticator, userId } = await enrolled();
    await closeSudo(browser);
    const before = browser.cookie;
    const options = await browser.call((c) => c.me.sudo.passkeyOptions());
    expect(options.allowCredentials).toHaveLength(1);
    const { expiresAt } = await browser.call((c) => c.me.sudo.enter({ passkeyResponse: authenticator.assert(options) }));
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 590_000);
    expect(browser.cookie).not.toBe(before);
    expect((await browser.call((c) => c.me.sudo.status())).active).toBe(true);
    const [entered] = await fresh().find(AuditEvent, { action: 'sudo.entered', actorId: userId, metadata: { $ne: null } });
    expect(entered!.metadata).toEqual({ method: 'passkey' });
  });

  it("refuses another user's passkey, even one that signs correctly, and a replayed answer", async () => {
    const victim = await enrolled();
    const attacker = await enrolled();
    await closeSudo(victim.browser);
    const options = await victim.browser.call((c) => c.me.sudo.passkeyOptions());
    const foreign = attacker.authenticator.assert(options, { credential: attacker.authenticator.credentials[0]! });
    await expectFailure(victim.browser.call((c) => c.me.sudo.enter({ passkeyResponse: foreign })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    expect((await victim.browser.call((c) => c.me.sudo.status())).active).toBe(false);

    const again = await victim.browser.call((c) => c.me.sudo.passkeyOptions());
    const answer = victim.authenticator.assert(again);
    await victim.browser.call((c) => c.me.sudo.enter({ passkeyResponse: answer }));
    await closeSudo(victim.browser);
    await expectFailure(victim.browser.call((c) => c.me.sudo.enter({ passkeyResponse: answer })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    expect((await victim.browser.call((c) => c.me.sudo.status())).active).toBe(false);
    const failed = await fresh().find(AuditEvent, { action: 'sudo.failed', actorId: victim.userId });
    expect(failed.map((f) => (f.metadata as { reason: string }).reason).sort()).toEqual(['no_challenge', 'unknown_passkey']);
  });

  it('refuses an answer to a challenge made for another session of the same user', async () => {
    const { browser, authenticator } = await enrolled();
    // A second session of the same user (the password alone no longer signs in: MFA is on).
    const other = h.browser();
    await (await passkeySignIn(other, authenticator)).result;
    await closeSudo(other);
    const options = await browser.call((c) => c.me.sudo.passkeyOptions());
    await other.call((c) => c.me.sudo.passkeyOptions());
    await expectFailure(other.call((c) => c.me.sudo.enter({ passkeyResponse: authenticator.assert(options) })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_MFA_CODE',
    });
    expect((await other.call((c) => c.me.sudo.status())).active).toBe(false);
  });

  it('needs a session: an API key or nobody cannot ask for the options', async () => {
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.sudo.passkeyOptions()), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    await expectFailure(h.browser().call((c) => c.me.sudo.passkeyOptions()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});

describe('auth.mfa.verify {passkeyResponse} (the second step after a password)', () => {
  it('completes the pending sign-in with your passkey: a session with the sudo window, audited', async () => {
    const { authenticator, email, password, userId } = await enrolled();
    const browser = h.browser();
    expect(await browser.call((c) => c.auth.signIn({ email, password }))).toMatchObject({ mfaRequired: true });
    expect(browser.cookie).toBeNull();
    const options = await browser.call((c) => c.auth.mfa.passkeyOptions());
    expect(options.allowCredentials).toHaveLength(1);
    const passkeyResponse = authenticator.assert(options);
    expect(await browser.call((c) => c.auth.mfa.verify({ passkeyResponse }))).toMatchObject({ userId });
    const session = await fresh().findOneOrFail(Session, { tokenHash: hashToken(browser.cookie!) });
    expect(session.user.id).toBe(userId);
    expect(session.sudoUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses another user's passkey, and needs a pending step from this browser", async () => {
    const victim = await enrolled();
    const attacker = await enrolled();
    const browser = h.browser();
    await browser.call((c) => c.auth.signIn({ email: victim.email, password: victim.password }));
    const options = await browser.call((c) => c.auth.mfa.passkeyOptions());
    const foreign = attacker.authenticator.assert(options, { credential: attacker.authenticator.credentials[0]! });
    await expectFailure(browser.call((c) => c.auth.mfa.verify({ passkeyResponse: foreign })), { code: 'UNAUTHORIZED', reason: 'INVALID_MFA_CODE' });
    expect(browser.cookie).toBeNull();
    expect(await fresh().count(AuditEvent, { action: 'mfa.code_failed', targetId: victim.userId })).toBe(1);
    // No pending step in this browser: nothing to answer.
    await expectFailure(h.browser().call((c) => c.auth.mfa.passkeyOptions()), { code: 'UNAUTHORIZED', reason: 'MFA_REQUIRED' });
  });
});
