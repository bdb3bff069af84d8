// Attack: go unnoticed — a guessed password, a sign-in from elsewhere or a credential minted on a
// stolen session must show in the owner's own security log; and nobody reads another's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, STRONG_PASSWORD, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('me.securityLog', () => {
  it('lists the caller’s own sign-ins, failures, sudo, key, password and email events with ip and device, newest first', async () => {
    const { email } = await h.signUp();
    const other = await h.signUp();
    await expectFailure(h.browser({ ip: '203.0.113.9', userAgent: 'Guesser/1.0' }).call((c) => c.auth.signIn({ email, password: 'wrong password guess' })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    const laptop = h.browser({ ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0' });
    await laptop.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    await expectFailure(laptop.call((c) => c.me.sudo.enter({ password: 'not it either' })), { code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    await laptop.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read'], expiresInDays: 1 }));
    await laptop.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'a changed passphrase 12' }));
    await other.browser.call((c) => c.me.updateProfile({ displayName: 'Not in my log' }));

    const { items, nextCursor } = await laptop.call((c) => c.me.securityLog());
    expect(nextCursor).toBeNull();
    expect(items.map((i) => i.action)).toEqual([
      'user.password_changed',
      'api_key.created',
      'sudo.failed',
      'user.signed_in',
      'user.sign_in_failed',
      'user.email_verified',
      'user.signed_up',
    ]);
    expect(items[3]).toMatchObject({ ip: '198.51.100.7', userAgent: expect.stringContaining('Firefox'), byYou: true });
    expect(items[4]).toMatchObject({ ip: '203.0.113.9', userAgent: 'Guesser/1.0', byYou: false });

    const firstPage = await laptop.call((c) => c.me.securityLog({ limit: 3 }));
    const secondPage = await laptop.call((c) => c.me.securityLog({ limit: 3, cursor: firstPage.nextCursor! }));
    expect([...firstPage.items, ...secondPage.items].map((i) => i.id)).toEqual(items.slice(0, 6).map((i) => i.id));
  });

  it('needs a session: not an API key, not anonymous', async () => {
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:read'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.securityLog()), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    await expectFailure(h.browser().call((c) => c.me.securityLog()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});
