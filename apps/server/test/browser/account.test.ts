// A newcomer's first minutes, in a real browser against the real server and built web app.
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

  it('shows a clear error for a wrong password', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is incorrect.').waitFor();
    await context.close();
  });
});
