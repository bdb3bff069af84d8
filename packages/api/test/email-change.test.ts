// Attack: move an account to an address one controls with a stolen session (the password is
// asked, the old address is told and can undo it), learn through the change which addresses are
// registered, or claim an address one cannot read.
import { AuditEvent, OutboxMail, Session, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const mailsTo = (address: string) => h.orm.em.fork().find(OutboxMail, { toAddress: address }, { orderBy: { id: 'asc' } });
const emailOf = async (userId: string) => (await h.orm.em.fork().findOneOrFail(User, { id: userId })).email;

describe('me.changeEmail', () => {
  it('mails a confirmation to the new address and a notice to the old; the account moves only on confirmation', async () => {
    const { browser, email, userId } = await h.signUp();
    const newEmail = uniqueEmail('moved');
    expect(await browser.call((c) => c.me.changeEmail({ newEmail, password: STRONG_PASSWORD }))).toEqual({ pendingEmail: newEmail });
    expect(await emailOf(userId)).toBe(email);

    const [confirmation] = await mailsTo(newEmail);
    expect(confirmation!.subject).toBe('Gatehouse: Confirm your new email address');
    const notice = (await mailsTo(email)).at(-1)!;
    expect(notice.subject).toBe('Gatehouse: Your email address is being changed');
    expect(notice.text).toContain(newEmail);
    expect(notice.text).toMatch(/\/cancel-email-change\/[A-Za-z0-9_-]{43}/);

    const token = await h.mailedToken(newEmail, '/confirm-email/');
    expect(await h.browser().call((c) => c.auth.confirmEmailChange({ token }))).toEqual({ email: newEmail });
    expect(await browser.call((c) => c.me.get())).toMatchObject({ email: newEmail, emailVerified: true });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.email_changed', actorId: userId })).toBe(1);
    await expectFailure(h.browser().call((c) => c.auth.confirmEmailChange({ token })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
    await h.browser().call((c) => c.auth.signIn({ email: newEmail, password: STRONG_PASSWORD }));
  });

  it('asks for the password: a wrong one is INVALID_CREDENTIALS and mails nothing', async () => {
    const { browser, email } = await h.signUp();
    const newEmail = uniqueEmail('stolen');
    await expectFailure(browser.call((c) => c.me.changeEmail({ newEmail, password: 'not my password at all' })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(await mailsTo(newEmail)).toEqual([]);
    expect(await mailsTo(email)).toEqual([]);
    await browser.call((c) => c.me.get());
  });

  it('does not tell whether the new address is taken until it is confirmed, and then says EMAIL_TAKEN', async () => {
    const taken = await h.signUp();
    const { browser, email, userId } = await h.signUp();
    expect(await browser.call((c) => c.me.changeEmail({ newEmail: taken.email, password: STRONG_PASSWORD }))).toEqual({
      pendingEmail: taken.email,
    });
    const token = await h.mailedToken(taken.email, '/confirm-email/');
    await expectFailure(h.browser().call((c) => c.auth.confirmEmailChange({ token })), { code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
    expect(await emailOf(userId)).toBe(email);
  });

  it('a newer change ends the older pending one', async () => {
    const { browser } = await h.signUp();
    const first = uniqueEmail('first');
    const second = uniqueEmail('second');
    await browser.call((c) => c.me.changeEmail({ newEmail: first, password: STRONG_PASSWORD }));
    await browser.call((c) => c.me.changeEmail({ newEmail: second, password: STRONG_PASSWORD }));
    const stale = await h.mailedToken(first, '/confirm-email/');
    await expectFailure(h.browser().call((c) => c.auth.confirmEmailChange({ token: stale })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
  });

  it('refuses an API key, and the current address', async () => {
    const { browser, email } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:write'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.changeEmail({ newEmail: uniqueEmail(), password: STRONG_PASSWORD })), {
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
    await expectFailure(browser.call((c) => c.me.changeEmail({ newEmail: email, password: STRONG_PASSWORD })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
  });
});

describe('"this wasn\'t me" from the old address', () => {
  it('before confirmation: cancels the change, signs everyone out and hands over a reset link', async () => {
    const { browser, email, userId } = await h.signUp();
    const newEmail = uniqueEmail('attacker');
    await browser.call((c) => c.me.changeEmail({ newEmail, password: STRONG_PASSWORD }));
    const cancel = await h.mailedToken(email, '/cancel-email-change/');
    const { resetToken } = await h.browser().call((c) => c.auth.cancelEmailChange({ token: cancel }));
    expect(await h.orm.em.fork().count(Session, { user: userId })).toBe(0);

    const confirm = await h.mailedToken(newEmail, '/confirm-email/');
    await expectFailure(h.browser().call((c) => c.auth.confirmEmailChange({ token: confirm })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
    expect(await emailOf(userId)).toBe(email);

    await h.browser().call((c) => c.auth.resetPassword({ token: resetToken, newPassword: 'taking my account back 11' }));
    await h.browser().call((c) => c.auth.signIn({ email, password: 'taking my account back 11' }));
    await expectFailure(h.browser().call((c) => c.auth.cancelEmailChange({ token: cancel })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
  });

  it('after confirmation: puts the old address back', async () => {
    const { browser, email, userId } = await h.signUp();
    const newEmail = uniqueEmail('attacker');
    await browser.call((c) => c.me.changeEmail({ newEmail, password: STRONG_PASSWORD }));
    await h.browser().call(async (c) => c.auth.confirmEmailChange({ token: await h.mailedToken(newEmail, '/confirm-email/') }));
    expect(await emailOf(userId)).toBe(newEmail);

    const cancel = await h.mailedToken(email, '/cancel-email-change/');
    await h.browser().call((c) => c.auth.cancelEmailChange({ token: cancel }));
    expect(await emailOf(userId)).toBe(email);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.email_change_cancelled', actorId: userId })).toBe(1);
  });
});
