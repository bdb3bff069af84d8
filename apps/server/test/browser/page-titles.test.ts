// Tabs, history and bookmarks name the page and the organisation, not just the product.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
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

describe('page titles', () => {
  it('titles signed-out and signed-in pages with the page, the organisation and the product', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, { 401: ['me.get'] });

    await page.goto('/sign-in');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Sign in · Gatehouse');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Create an account · Gatehouse');

    await page.getByLabel('Email').fill(`titles-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('a long browser passphrase');
    await page.getByLabel('Your name').fill('Tia Titles');
    await page.getByLabel('Organisation name').fill('Acme');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Profile · Acme · Gatehouse');

    const pages: [path: string, title: string][] = [
      ['/security', 'Security'],
      ['/notifications', 'Notifications'],
      ['/api-keys', 'API keys'],
      ['/privacy', 'Data & privacy'],
      ['/admin/members', 'Members'],
      ['/admin/teams', 'Teams'],
      ['/admin/invitations', 'Invitations'],
      ['/admin/roles', 'Roles'],
      ['/admin/audit', 'Audit log'],
      ['/admin/settings', 'Settings'],
      ['/admin/no-such-page', 'Page not found'],
    ];
    for (const [path, title] of pages) {
      await page.goto(path);
      await expect.poll(() => page.title(), { timeout: 15_000 }).toBe(`${title} · Acme · Gatehouse`);
    }
    // Outside the signed-in area nothing asks who is signed in, so no organisation is named.
    await page.goto('/no-such-page');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Page not found · Gatehouse');
    // Moving inside the app (no reload) retitles too.
    await page.goto('/admin/members');
    await page.getByRole('link', { name: 'Tia Titles' }).first().click();
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Member · Acme · Gatehouse');

    expect(problems).toEqual([]);
    await context.close();
  });
});
