// Attack: a page on another origin makes the victim's browser post to us with its cookie (CSRF),
// or signs the victim into the attacker's account (login CSRF).
import { User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('origin check', () => {
  it.each([
    ['missing', null],
    ['foreign', 'https://evil.example'],
    ['a different port', 'http://localhost:3001'],
    ['a different scheme', 'https://localhost:3000'],
  ])('refuses a cookie-carrying mutation whose Origin is %s, changing nothing', async (_label, origin) => {
    const { browser, userId } = await h.signUp({ displayName: 'Before' });
    await expectFailure(browser.call((c) => c.me.updateProfile({ displayName: 'After' }), { origin }), {
      code: 'FORBIDDEN',
      reason: 'INVALID_ORIGIN',
    });
    expect((await h.orm.em.fork().findOneOrFail(User, userId)).displayName).toBe('Before');
  });

  it('refuses auth mutations from another origin even without a cookie (login CSRF)', async () => {
    const { email, password } = await h.signUp();
    await expectFailure(h.browser({ origin: 'https://evil.example' }).call((c) => c.auth.signIn({ email, password })), {
      code: 'FORBIDDEN',
      reason: 'INVALID_ORIGIN',
    });
    const fresh = uniqueEmail();
    await expectFailure(
      h.browser({ origin: null }).call((c) =>
        c.auth.signUp({ email: fresh, password: STRONG_PASSWORD, displayName: 'X', orgName: 'X' }),
      ),
      { code: 'FORBIDDEN', reason: 'INVALID_ORIGIN' },
    );
    expect(await h.orm.em.fork().count(User, { email: fresh })).toBe(0);
  });

  it('lets queries through without an Origin: they change nothing', async () => {
    const { browser, userId } = await h.signUp();
    expect(await browser.call((c) => c.me.get(), { origin: null })).toMatchObject({ id: userId });
  });
});
