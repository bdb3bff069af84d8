// Attack: use a hijacked (but not re-authenticated) session for a sensitive operation.
import { AuditEvent, Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../src/auth/sessions.js';
import { createHarness, expectFailure, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { sudo: { points: 3, durationSeconds: 900 } } });
});
afterAll(() => h.close());

const closeSudo = (token: string) =>
  h.orm.em.fork().nativeUpdate(Session, { tokenHash: hashToken(token) }, { sudoUntil: null });

describe('me.sudo', () => {
  it('opens on sign-up/sign-in for the configured window', async () => {
    const { browser } = await h.signUp();
    const status = await browser.call((c) => c.me.sudo.status());
    expect(status.active).toBe(true);
    const remaining = new Date(status.expiresAt!).getTime() - Date.now();
    expect(remaining).toBeGreaterThan(590_000);
    expect(remaining).toBeLessThanOrEqual(600_000);
  });

  it('opens on sudo.enter with the right password, with a new token that kills the old one', async () => {
    const { browser, password, userId } = await h.signUp();
    const old = browser.cookie!;
    await closeSudo(old);
    expect(await browser.call((c) => c.me.sudo.status())).toEqual({ active: false, expiresAt: null });
    const { expiresAt } = await browser.call((c) => c.me.sudo.enter({ password }));
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 590_000);
    expect(browser.cookie).not.toBe(old);
    expect(await browser.call((c) => c.me.sudo.status())).toEqual({ active: true, expiresAt });
    const stale = h.browser();
    stale.cookie = old;
    await expectFailure(stale.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'sudo.entered', actorId: userId })).toBe(1);
  });

  it('never opens on a wrong password, which does not end the session either', async () => {
    const { browser, userId } = await h.signUp();
    await closeSudo(browser.cookie!);
    await expectFailure(browser.call((c) => c.me.sudo.enter({ password: 'definitely wrong pw' })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(await browser.call((c) => c.me.sudo.status())).toEqual({ active: false, expiresAt: null });
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'sudo.failed', actorId: userId })).toBe(1);
  });

  it('is bound to its own session', async () => {
    const { browser, email, password } = await h.signUp();
    const other = h.browser();
    await other.call((c) => c.auth.signIn({ email, password }));
    await closeSudo(browser.cookie!);
    await closeSudo(other.cookie!);
    await browser.call((c) => c.me.sudo.enter({ password }));
    expect((await browser.call((c) => c.me.sudo.status())).active).toBe(true);
    expect((await other.call((c) => c.me.sudo.status())).active).toBe(false);
  });

  it('limits failed attempts per user, across all of their sessions', async () => {
    const { browser: laptop, email, password } = await h.signUp();
    const phone = h.browser();
    await phone.call((c) => c.auth.signIn({ email, password }));
    const wrong = { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' } as const;
    const limited = { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' } as const;
    // Three guesses spread over two sessions use up the user's three attempts: whoever holds
    // several stolen sessions of one user gets no more guesses than with one.
    await expectFailure(laptop.call((c) => c.me.sudo.enter({ password: 'wrong password 1' })), wrong);
    await expectFailure(phone.call((c) => c.me.sudo.enter({ password: 'wrong password 2' })), wrong);
    await expectFailure(laptop.call((c) => c.me.sudo.enter({ password: 'wrong password 3' })), wrong);
    const error = await expectFailure(phone.call((c) => c.me.sudo.enter({ password })), limited);
    expect(error.data.retryAfterSeconds).toBeGreaterThan(0);
    await expectFailure(laptop.call((c) => c.me.sudo.enter({ password })), limited);
    // A fresh session of the same user is limited too; another user is not.
    const fresh = h.browser();
    await fresh.call((c) => c.auth.signIn({ email, password }));
    await expectFailure(fresh.call((c) => c.me.sudo.enter({ password })), limited);
    const other = await h.signUp();
    await other.browser.call((c) => c.me.sudo.enter({ password: other.password }));
  });

  it('closes SUDO_WINDOW_SECONDS after it opened, to the millisecond, however much it is used', async () => {
    const windowed = await createHarness({ config: { sudoWindowSeconds: 120 } });
    // Only Date is under the test's control: the database drivers' timers run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const opened = Date.now();
      const { browser } = await windowed.signUp();
      const status = () => browser.call((c) => c.me.sudo.status());
      const mintKey = (name: string) =>
        browser.call((c) => c.me.apiKeys.create({ name, scopes: ['profile:read'], expiresInDays: 1 }));
      const { expiresAt } = await status();
      expect(expiresAt).toBe(new Date(opened + 120_000).toISOString());

      vi.setSystemTime(opened + 119_999);
      await mintKey('last millisecond');
      expect(await status()).toEqual({ active: true, expiresAt });

      vi.setSystemTime(opened + 120_000);
      expect(await status()).toEqual({ active: false, expiresAt: null });
      await expectFailure(mintKey('too late'), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
      expect((await browser.call((c) => c.me.apiKeys.list())).map((k) => k.name)).toEqual(['last millisecond']);
    } finally {
      vi.useRealTimers();
      await windowed.close();
    }
  });

  it('refuses anonymous callers', async () => {
    await expectFailure(h.browser().call((c) => c.me.sudo.status()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(h.browser().call((c) => c.me.sudo.enter({ password: 'whatever at all' })), {
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });
  });
});
