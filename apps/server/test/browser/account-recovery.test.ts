// Account recovery in a real browser, following the links as they were mailed: sign up, confirm
// the address, sign out, forget the password, reset it, sign in with the new one; then move the
// account to a new address, and undo a change one did not make from the old address's notice.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink } from '../mailed-link.js';
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

const NEW_PASSWORD = 'a fresh recovered passphrase';
// Signed-out pages ask me.get; wrong passwords are typed on purpose; a used reset link is INVALID_TOKEN.
const expectedRefusals: ExpectedRefusals = { 401: ['me.get', 'auth.signIn', 'me.changeEmail'], 400: ['auth.resetPassword'] };
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name, exact: true });
/** Where a mailed link points, within this server (the page opens it as a person would). */
const pathOf = async (address: string, path: string) => new URL(await mailedLink(server, address, path)).pathname;



describe('account recovery in the browser', () => {
  it('sign up → confirm by the mailed link → sign out → forgot password → reset → sign in', async () => {
    const email = `recover-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Robin Recovery', org: 'Recovery Co' });

    // Unconfirmed: the banner says so, and API keys wait for it.
    const banner = page.getByRole('status').filter({ hasText: 'Confirm your email address' });
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Resend link' }).click();
    await page.getByText(`We sent a new link to ${email}.`).waitFor();

    await page.goto(await pathOf(email, '/verify-email/'));
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await page.getByText(`${email} is confirmed.`).waitFor();
    await page.getByRole('link', { name: 'Continue to Gatehouse' }).click();
    await heading(page, 'Profile').waitFor();
    expect(await banner.count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to Gatehouse').waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await heading(page, 'Reset your password').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(`If an account uses ${email}, we sent it a link`).waitFor();

    await page.goto(await pathOf(email, '/reset-password/'));
    await heading(page, 'Choose a new password').waitFor();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await heading(page, 'Your password was changed').waitFor();
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Email or password is incorrect.').waitFor();
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await heading(page, 'Profile').waitFor();

    // The same reset link, opened again, is dead.
    await page.goto(await pathOf(email, '/reset-password/'));
    await page.getByLabel('New password', { exact: true }).fill('yet another passphrase here');
    await page.getByLabel('Confirm new password').fill('yet another passphrase here');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await heading(page, 'This link is invalid or has expired').waitFor();

    // Everything above is in the security log.
    await page.goto('/profile');
    await nav(page, 'Security log').click();
    await heading(page, 'Security log').waitFor();
    const events = page.getByRole('table', { name: 'Security events' });
    for (const text of ['Signed in', 'Reset the password by mailed link', 'Asked for a password reset link', 'Confirmed the email address']) {
      await events.getByText(text, { exact: true }).first().waitFor();
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('changes the email address end to end, and "this wasn\'t me" undoes a change and leads to a new password', async () => {
    const email = `mover-${Date.now()}@example.com`;
    const newEmail = `moved-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Robin Recovery', org: 'Recovery Co' });

    const card = page.locator('form').filter({ hasText: 'You sign in with' });
    await card.getByLabel('New email address').fill(newEmail);
    await card.getByLabel('Current password').fill('not my password at all');
    await card.getByRole('button', { name: 'Change email' }).click();
    await card.getByText('That password is incorrect.').waitFor();
    await card.getByLabel('Current password').fill(PASSWORD);
    await card.getByRole('button', { name: 'Change email' }).click();
    await card.getByText(`We sent a confirmation link to ${newEmail}.`).waitFor();

    await page.goto(await pathOf(newEmail, '/confirm-email/'));
    await page.waitForFunction("document.title === 'Confirm your new email · Gatehouse'");
    await page.getByRole('button', { name: 'Confirm new address' }).click();
    await page.getByText(`Your account now uses ${newEmail}.`).waitFor();
    await page.getByRole('link', { name: 'Continue to Gatehouse' }).click();
    await heading(page, 'Profile').waitFor();
    await page.getByText(newEmail).first().waitFor();

    // The old address was told, with a way out: it puts the address back and signs everyone out.
    await page.goto(await pathOf(email, '/cancel-email-change/'));
    await page.waitForFunction("document.title === 'Secure your account · Gatehouse'");
    await page.getByRole('button', { name: 'Cancel the change and secure my account' }).click();
    await heading(page, 'Choose a new password').waitFor();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await heading(page, 'Your password was changed').waitFor();
    await submitSignIn(page, email, NEW_PASSWORD);
    await heading(page, 'Profile').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
