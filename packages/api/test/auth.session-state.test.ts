// Attack: learn anything about an account from the signed-in probe the web app calls on every
// page load, or keep a dead cookie alive through it. It says only none / active / ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('auth.session', () => {
  it('answers none (not a refusal) for a browser without a cookie', async () => {
    expect(await h.browser().call((c) => c.auth.session())).toEqual({ state: 'none' });
  });

  it('answers active for a live session, and the session stays usable', async () => {
    const { browser } = await h.signUp();
    expect(await browser.call((c) => c.auth.session())).toEqual({ state: 'active' });
    expect((await browser.call((c) => c.me.get())).id).toBeTruthy();
  });

  it('answers ended once for a session revoked from another device, and clears the dead cookie', async () => {
    const { browser, email, password } = await h.signUp();
    const other = h.browser();
    await other.call((c) => c.auth.signIn({ email, password }));
    await other.call((c) => c.me.sessions.revokeOthers());
    expect(browser.cookie).not.toBeNull();
    expect(await browser.call((c) => c.auth.session())).toEqual({ state: 'ended' });
    expect(browser.cookie).toBeNull();
    expect(await browser.call((c) => c.auth.session())).toEqual({ state: 'none' });
  });

  it('answers ended for a forged cookie, revealing nothing more', async () => {
    const forged = h.browser({ cookieHeader: `session=${'a'.repeat(40)}` });
    expect(await forged.call((c) => c.auth.session())).toEqual({ state: 'ended' });
  });

  it('refuses an API key: keys never hold a browser session', async () => {
    await expectFailure(h.keyClient('gate_abcdefgh_nothing').call((c) => c.auth.session()), {
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
  });
});
