// A newcomer's first minutes, in a real browser against the real server and built web app.
import { AuditEvent } from '@gatehouse/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { launchChromium } from './chromium.js';
import { collectProblems, type ExpectedRefusals } from './console-problems.js';

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

/** A signed-out page learns it is signed out from a 401 on me.get; nothing else may fail. */
const expectedRefusals: ExpectedRefusals = { 401: ['me.get'] };

describe('account in the browser', () => {
  it('signs up, sees and edits the profile, keeps the edit across a reload, and signs out', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    const email = `browser-${Date.now()}@example.com`;

    await page.goto('/');
    await page.waitForURL('**/sign-in**');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long browser passphrase');
    await page.getByLabel('Your name').fill('Brenda Browser');
    await page.getByLabel('Organisation name').fill('Chromium Works');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await expect.poll(() => page.getByLabel('Display name').inputValue()).toBe('Brenda Browser');
    expect(await page.getByText(email).count()).toBeGreaterThan(0);

    await page.getByLabel('Display name').fill('Brenda B. Browser');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Profile saved').waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await expect.poll(() => page.getByLabel('Display name').inputValue()).toBe('Brenda B. Browser');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in**');
    // Signed out for real: the profile is no longer reachable.
    await page.goto('/profile');
    await page.waitForURL('**/sign-in**');
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers a wrong password for a known email and any password for an unknown one alike, and stays signed out', async () => {
    // A known account, made over HTTP; its failed sign-in is then recorded against it (below),
    // which shows the known-email path really ran.
    const known = `known-${Date.now()}@example.com`;
    const signUp = await fetch(`${server.url}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({ email: known, password: 'the real browser passphrase', displayName: 'Known', orgName: 'Known Org' }),
    });
    expect(signUp.status).toBe(200);
    const { userId } = ((await signUp.json()) as { result: { data: { userId: string } } }).result.data;

    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, { 401: ['me.get', 'auth.signIn'] });
    await page.goto('/sign-in');
    const shown: string[] = [];
    for (const email of [known, `nobody-${Date.now()}@example.com`]) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the right password');
      // Each attempt's own answer, so the second check does not pass on the first one's message.
      const [answer] = await Promise.all([
        page.waitForResponse((res) => new URL(res.url()).pathname === '/trpc/auth.signIn'),
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ]);
      expect(answer.status()).toBe(401);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText()).toBe('Email or password is incorrect.');
      shown.push(await page.locator('form').innerText());
    }
    expect(shown[1]).toBe(shown[0]);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await context.cookies()).toEqual([]);
    const failures = await server.orm.em.fork().count(AuditEvent, { action: 'user.sign_in_failed', targetId: userId });
    expect(failures).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
