// Attack: an attacker signed in elsewhere (stolen cookie) survives the victim's password change,
// or ends/reads sessions that are not theirs.
import { Session, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/sessions.js';
import { createHarness, expectFailure, STRONG_PASSWORD, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { sudo: { points: 3, durationSeconds: 900 } } });
});
afterAll(() => h.close());

const NEW_PASSWORD = 'an entirely new passphrase 7';

describe('me.changePassword', () => {
  it('ends every other session, keeps this one on a new token, and retires the old password', async () => {
    const { browser, email, userId } = await h.signUp();
    const laptop = h.browser();
    await laptop.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    const before = browser.cookie!;

    await browser.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }));

    expect(browser.cookie).not.toBe(before);
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
    await expectFailure(laptop.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    const stale = h.browser();
    stale.cookie = before;
    await expectFailure(stale.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(await h.orm.em.fork().count(Session, { user: userId })).toBe(1);

    await expectFailure(h.browser().call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    await h.browser().call((c) => c.auth.signIn({ email, password: NEW_PASSWORD }));
  });

  it('refuses a wrong current password: nothing changes, the session lives, and it counts as a failed sudo attempt', async () => {
    const { browser, userId } = await h.signUp();
    const hashBefore = (await h.orm.em.fork().findOneOrFail(User, userId)).passwordHash;
    for (let i = 0; i < 3; i++) {
      await expectFailure(
        browser.call((c) => c.me.changePassword({ currentPassword: `wrong password ${i}`, newPassword: NEW_PASSWORD })),
        { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' },
      );
    }
    expect((await h.orm.em.fork().findOneOrFail(User, userId)).passwordHash).toBe(hashBefore);
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
    await expectFailure(browser.call((c) => c.me.sudo.enter({ password: STRONG_PASSWORD })), {
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });
  });

  it('refuses a weak new password with VALIDATION', async () => {
    const { browser } = await h.signUp();
    for (const newPassword of ['short', 'password1234', 'x'.repeat(257)]) {
      const error = await expectFailure(
        browser.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword })),
        { code: 'BAD_REQUEST', reason: 'VALIDATION' },
      );
      expect(error.data.issues?.[0]?.path).toEqual(['newPassword']);
    }
  });
});

describe('me.sessions', () => {
  it('lists the caller’s sessions with a current marker and no token or hash', async () => {
    const { browser, email } = await h.signUp();
    const other = h.browser({ userAgent: 'Firefox on Linux', ip: '203.0.113.5' });
    await other.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    const sessions = await browser.call((c) => c.me.sessions.list());
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => !s.current)).toMatchObject({ userAgent: 'Firefox on Linux', ip: '203.0.113.5' });
    const text = JSON.stringify(sessions);
    expect(text).not.toContain(browser.cookie!);
    expect(text).not.toContain(hashToken(browser.cookie!));
    expect(text).not.toContain(hashToken(other.cookie!));
  });

  it('revoke ends exactly that session; revoking the current one signs out', async () => {
    const { browser, email } = await h.signUp();
    const other = h.browser();
    await other.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    const target = (await browser.call((c) => c.me.sessions.list())).find((s) => !s.current)!;
    expect(await browser.call((c) => c.me.sessions.revoke({ sessionId: target.id }))).toEqual({ ok: true, signedOut: false });
    await expectFailure(other.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    const current = (await browser.call((c) => c.me.sessions.list())).find((s) => s.current)!;
    expect(await browser.call((c) => c.me.sessions.revoke({ sessionId: current.id }))).toEqual({ ok: true, signedOut: true });
    expect(browser.cookie).toBeNull();
  });

  it("cannot revoke or see another user's session", async () => {
    const victim = await h.signUp();
    const attacker = await h.signUp();
    const victimSession = (await victim.browser.call((c) => c.me.sessions.list()))[0]!;
    expect((await attacker.browser.call((c) => c.me.sessions.list())).map((s) => s.id)).not.toContain(victimSession.id);
    await expectFailure(attacker.browser.call((c) => c.me.sessions.revoke({ sessionId: victimSession.id })), {
      code: 'NOT_FOUND',
      reason: null,
    });
    expect(await victim.browser.call((c) => c.me.get())).toMatchObject({ id: victim.userId });
  });

  it('revokeOthers keeps only the current session', async () => {
    const { browser, email, userId } = await h.signUp();
    const others = [h.browser(), h.browser()];
    for (const o of others) await o.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    expect(await browser.call((c) => c.me.sessions.revokeOthers())).toEqual({ revoked: 2 });
    for (const o of others) await expectFailure(o.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(await h.orm.em.fork().count(Session, { user: userId })).toBe(1);
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
  });

  it('refuse anonymous callers', async () => {
    await expectFailure(h.browser().call((c) => c.me.sessions.list()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(h.browser().call((c) => c.me.changePassword({ currentPassword: 'x', newPassword: NEW_PASSWORD })), {
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });
  });
});
