// Signed out, a browser is quiet about it (no failed request in the console on every page load);
// signed out elsewhere, it says why instead of dropping the user on the sign-in page without a word.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, PASSWORD, trpc } from '../scim-client.js';
import { startServer, type RunningServer } from '../server.js';
import { signUpInPage } from './forms.js';
import { launchChromium } from './chromium.js';
import { collectProblems } from './console-problems.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ENDED = /You were signed out — your session was ended on another device or expired/;


/** Another device signs in as the same person and ends every other session. */
async function revokeFromElsewhere(email: string): Promise<void> {
  const other = await trpc(server, 'auth.signIn', { email, password: PASSWORD });
  ok(other);
  ok(await trpc(server, 'me.sessions.revokeOthers', undefined, { cookie: other.cookie! }));
}

describe('signed out', () => {
  it('loads sign-in, sign-up and a signed-in page with no console error at all', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});

    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.goto('/sign-up');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    // A signed-in page sends the guest to sign in, still without a failed request.
    await page.goto('/security');
    await page.waitForURL('**/sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    // Give late requests their chance to fail.
    await page.waitForLoadState('networkidle');
    expect(await page.getByText(ENDED).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says why when the session was ended on another device: on a reload, and mid-use', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const email = `ended-${Date.now()}@example.com`;
    await signUpInPage(page, { email, name: 'Sam Signedout', org: 'Quiet Co', password: PASSWORD });

    // Reloaded after the revocation: no refused request, and the reason on the sign-in page.
    const problems = collectProblems(page, {});
    await revokeFromElsewhere(email);
    await page.reload();
    await page.waitForURL('**/sign-in');
    await page.getByText(ENDED).waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);

    // Signing in again works, and the notice is gone.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();

    // Ended while the page is open: the next request is refused and the app says why.
    await revokeFromElsewhere(email);
    await page.getByRole('link', { name: 'Notifications' }).first().click();
    await page.waitForURL('**/sign-in');
    await page.getByText(ENDED).waitFor();
    await context.close();
  });

  it('says nothing of the kind after signing out on purpose', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    await signUpInPage(page, { email: `leaver-${Date.now()}@example.com`, name: 'Sam Signedout', org: 'Quiet Co', password: PASSWORD });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.goto('/profile');
    await page.waitForURL('**/sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getByText(ENDED).count()).toBe(0);
    await context.close();
  });
});
