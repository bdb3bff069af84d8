// The audit log names who an invitation was for, writes times and the date filter as the rest of
// the app does, and keeps its filters in the URL (reload and Back show the same view).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyInBrowser } from '../mailed-link.js';
import { ok, PASSWORD, trpc } from '../scim-client.js';
import { startServer, type RunningServer } from '../server.js';
import { launchChromium } from './chromium.js';
import { collectProblems } from './console-problems.js';
import { signUpInPage } from './forms.js';

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

describe('audit log filters', () => {
  it('shows the invited email, app-formatted times and dates, and keeps filters across reload and Back', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    const ownerEmail = `ada-${Date.now()}@example.com`;
    await signUpInPage(page, { email: ownerEmail, name: 'Ada Auditor', org: 'Trail Co', password: PASSWORD });
    await verifyInBrowser(page, server, ownerEmail);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const invitee = `traced-${Date.now()}@example.com`;
    ok(await trpc(server, 'orgAdmin.invitations.create', { email: invitee, role: 'member', teamIds: [] }, { cookie }));

    await page.goto('/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').selectOption({ value: 'invitation.' });
    await page.getByLabel('Since').fill('2026-01-05');
    await page.waitForURL((url) => url.searchParams.get('action') === 'invitation.' && url.searchParams.get('since') === '2026-01-05');
    // The chosen day in the app's own format (the profile's locale, here en), not the picker's.
    await page.getByText('From Jan 5, 2026', { exact: true }).waitFor();

    const table = page.getByRole('table', { name: 'Audit log' });
    const row = table.getByRole('row', { name: /invitation\.created/ });
    await row.getByText(`Invitation “${invitee}”`).waitFor();
    // The unfiltered rows stay on screen (aria-busy) until the filtered page arrives: count after.
    await page.locator('[aria-busy="false"]').getByRole('table', { name: 'Audit log' }).waitFor();
    const time = await row.locator('time').innerText();
    expect(time).not.toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(time).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} [AP]M UTC$/);
    // The invitation row is in the unfiltered view too: wait for the filtered page to replace it,
    // rather than counting while the previous answer is still on screen.
    await expect.poll(() => table.getByRole('row', { name: /user\.signed_up|email/ }).count(), { timeout: 10_000 }).toBe(0);

    await page.reload();
    await row.getByText(`Invitation “${invitee}”`).waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('invitation.');
    expect(await page.getByLabel('Since').inputValue()).toBe('2026-01-05');

    await page.goto('/profile');
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await page.goBack();
    await row.getByText(`Invitation “${invitee}”`).waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('invitation.');

    // Two-factor events have their own family: a wrong code while setting up an app is one.
    ok(await trpc(server, 'me.mfa.totp.begin', undefined, { cookie }));
    expect((await trpc(server, 'me.mfa.totp.confirm', { code: '000000' }, { cookie })).error?.data.reason).toBe('INVALID_MFA_CODE');
    await page.getByLabel('Action').selectOption({ label: 'Two-factor authentication (mfa.*)' });
    await page.waitForURL((url) => url.searchParams.get('action') === 'mfa.');
    await table.getByRole('row', { name: /mfa\.totp_confirm_failed/ }).waitFor();
    expect(await table.getByRole('row', { name: /invitation\./ }).count()).toBe(0);
    expect(await page.getByLabel('Action').locator('option', { hasText: 'Organisation settings (org.*)' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
