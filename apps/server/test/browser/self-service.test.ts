// Self-service end to end in a real browser: sessions on two devices and revoking one, changing the
// password, the inbox and its badge, the development mailbox; then the issue's own story: edit the
// profile, turn a notification off, download the export and delete the account for good.
import { readFile } from 'node:fs/promises';
import { User } from '@gatehouse/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { BROWSER_PASSWORD as PASSWORD, signUpInPage, submitSignIn } from './forms.js';
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

const NEW_PASSWORD = 'another long browser passphrase';
/** The second device: a different browser and system, so the session list can tell them apart. */
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** 401s this file provokes on purpose; any other console error is a problem. */
const expectedRefusals: ExpectedRefusals = {
  // A signed-out page learns it is signed out from me.get; wrong passwords are typed on purpose.
  401: ['me.get', 'me.changePassword', 'me.deleteAccount', 'auth.signIn'],
};




/** A query as the browser's own session would make it, for checking what the server stored. */
async function queryAs<T>(context: BrowserContext, path: string): Promise<T> {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await fetch(`${server.url}/trpc/${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

const navLink = (page: Page, name: string | RegExp, exact = false) =>
  page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name, exact });

describe('self-service in the browser', () => {
  it('revokes a session on another device, changes the password, reads the inbox and the dev mailbox', async () => {
    const email = `security-${Date.now()}@example.com`;
    const laptop = await browser.newContext({ baseURL: server.origin });
    const page = await laptop.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Sam Secure', org: "Sam Secure's Works" });

    const other = await browser.newContext({ baseURL: server.origin, userAgent: FIREFOX_ON_WINDOWS });
    const otherPage = await other.newPage();
    await submitSignIn(otherPage, email);
    await otherPage.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();

    await navLink(page, 'Security', true).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    const sessions = page.getByRole('list', { name: 'Your sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    await sessions.getByText('This device').waitFor();
    await sessions.getByRole('heading', { name: 'Firefox on Windows' }).waitFor();

    await page.getByRole('button', { name: 'Revoke session on Firefox on Windows' }).click();
    // Asked first: nothing is revoked until confirmed.
    await page.getByRole('dialog').getByText('Revoke the session on Firefox on Windows?').waitFor();
    // (The list is hidden from the accessibility tree while the dialog is open, so counted by markup.)
    expect(await page.locator('ul[aria-label="Your sessions"] > li').count()).toBe(2);
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke session' }).click();
    await page.getByText('Session on Firefox on Windows revoked').waitFor();
    await page.getByText('No other sessions.').waitFor();
    expect(await sessions.getByRole('listitem').count()).toBe(1);
    // The other device finds out on its next page load.
    await otherPage.goto('/api-keys');
    await otherPage.waitForURL('**/sign-in**');
    await other.close();

    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}!`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText("The passwords don't match").waitFor();
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    // A wrong current password is an error under its field, not a sign-out.
    await page.getByText('That password is incorrect.').waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Other sessions were signed out.').waitFor();
    // Still signed in here, under the renewed session token.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();

    // The other device's sign-in and the password change each left an unread notification.
    await navLink(page, /^Notifications, \d+ unread$/).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const inbox = page.getByRole('list', { name: 'Notifications' });
    await inbox.getByRole('heading', { name: 'Unread: New sign-in to your account' }).waitFor();
    await inbox.getByRole('heading', { name: 'Unread: Your password was changed' }).waitFor();
    await page.getByRole('button', { name: 'Mark as read: New sign-in to your account' }).click();
    await inbox.getByRole('heading', { name: 'New sign-in to your account', exact: true }).waitFor();
    await navLink(page, 'Notifications, 1 unread').waitFor();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await navLink(page, 'Notifications', true).waitFor();
    await page.getByRole('switch', { name: 'Show unread only' }).click();
    await page.getByText("You're all caught up").waitFor();

    // No SMTP_URL in this server: the mail it would have sent waits in the development mailbox.
    await navLink(page, 'Dev mailbox').click();
    await page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    await page.getByRole('heading', { name: 'Gatehouse: New sign-in to your account' }).waitFor();

    expect(problems).toEqual([]);
    await laptop.close();
  });

  it('edits the profile, turns a notification off, downloads the export and deletes the account', async () => {
    const email = `leaving-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin, acceptDownloads: true });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Lee Leaving', org: "Lee Leaving's Works" });

    await page.getByLabel('Display name').fill('Lee L. Leaving');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Profile saved').waitFor();

    await navLink(page, 'Notifications').click();
    const apiKeysEmail = page.getByRole('switch', { name: 'Email notifications for API keys' });
    expect(await apiKeysEmail.getAttribute('aria-checked')).toBe('true');
    const securityEmail = page.getByRole('switch', { name: 'Email notifications for Security' });
    expect(await securityEmail.isDisabled()).toBe(true);
    expect(await securityEmail.getAttribute('aria-checked')).toBe('true');
    await page.getByText('Always on for your protection').waitFor();
    await apiKeysEmail.click();
    await page.getByText('Preferences saved').waitFor();
    expect(await apiKeysEmail.getAttribute('aria-checked')).toBe('false');
    const stored = await queryAs<{ category: string; email: boolean; inApp: boolean }[]>(
      context,
      'me.notifications.preferences',
    );
    expect(stored.find((p) => p.category === 'api_keys')).toEqual({ category: 'api_keys', email: false, inApp: true });

    await navLink(page, 'Data & privacy').click();
    await page.getByRole('heading', { level: 1, name: 'Data & privacy' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^gatehouse-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported.format).toBe('gatehouse-export/v1');
    expect(exported.profile.displayName).toBe('Lee L. Leaving');
    expect(exported.profile.email).toBe(email);

    await page.getByRole('button', { name: 'Delete account…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete your account?' });
    const deleteButton = confirm.getByRole('button', { name: 'Delete my account' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.getByLabel('Password').fill('not my password at all');
    await deleteButton.click();
    await confirm.getByText('That password is incorrect.').waitFor();
    await confirm.getByLabel('Password').fill(PASSWORD);
    await deleteButton.click();

    await page.waitForURL('**/goodbye');
    await page.getByRole('heading', { level: 1, name: 'Your account has been deleted.' }).waitFor();
    await page.getByText('Your organisation was deleted too').waitFor();
    expect(await context.cookies()).toEqual([]);

    await page.getByRole('link', { name: 'Create a new account' }).waitFor();
    await submitSignIn(page, email);
    await page.getByText('Email or password is incorrect.').waitFor();
    expect(await server.orm.em.fork().findOne(User, { email })).toBeNull();

    expect(problems).toEqual([]);
    await context.close();
  });
});
