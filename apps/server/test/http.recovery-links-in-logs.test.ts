// Attack: read a verification, reset or email-change link out of the server's logs (the page was
// opened, the link followed, a used link tried again) and take over the account with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink } from './mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: 'trace' });
});
afterAll(() => s.close());

/** What a browser does with a mailed link: open the page, then send the token from it. */
async function follow(path: string, address: string, procedure: string, input: Record<string, unknown> = {}) {
  const link = await mailedLink(s, address, path);
  const token = link.slice(link.lastIndexOf('/') + 1);
  expect((await fetch(`${s.url}${new URL(link).pathname}`, { headers: { accept: 'text/html' } })).status).toBe(200);
  const first = await trpc<Record<string, unknown>>(s, procedure, { token, ...input });
  const again = await trpc(s, procedure, { token, ...input });
  return { token, first, again };
}

describe('recovery links', () => {
  it('never reach the log, followed or replayed, at LOG_LEVEL=trace', async () => {
    const email = uniqueEmail('logs');
    const signUp = await trpc(s, 'auth.signUp', { email, password: PASSWORD, displayName: 'L', orgName: 'L' });
    const verify = await follow('/verify-email/', email, 'auth.verifyEmail');
    expect([verify.first.status, verify.again.status]).toEqual([200, 400]);

    ok(await trpc(s, 'auth.requestPasswordReset', { email }));
    const reset = await follow('/reset-password/', email, 'auth.resetPassword', { newPassword: 'a logged? passphrase 1' });
    expect([reset.first.status, reset.again.status]).toEqual([200, 400]);

    const signIn = await trpc(s, 'auth.signIn', { email, password: 'a logged? passphrase 1' });
    const newEmail = uniqueEmail('logs-new');
    ok(await trpc(s, 'me.changeEmail', { newEmail, password: 'a logged? passphrase 1' }, { cookie: signIn.cookie! }));
    const confirm = await follow('/confirm-email/', newEmail, 'auth.confirmEmailChange');
    expect([confirm.first.status, confirm.again.status]).toEqual([200, 400]);
    const cancel = await follow('/cancel-email-change/', email, 'auth.cancelEmailChange');
    expect([cancel.first.status, cancel.again.status]).toEqual([200, 400]);
    const handedOver = (cancel.first.data as { resetToken: string }).resetToken;

    const logs = s.logs();
    expect(signUp.status).toBe(200);
    for (const token of [verify.token, reset.token, confirm.token, cancel.token, handedOver]) {
      for (let i = 0; i + 10 <= token.length; i++) expect(logs).not.toContain(token.slice(i, i + 10));
    }
    expect(logs).toContain('"path":"/verify-email/[redacted]"');
    expect(logs).toContain('"path":"/cancel-email-change/[redacted]"');
  });
});
