// Granting Owner is asked about before it happens (an owner can remove the one who made them),
// from the keyboard as well as the mouse: Escape cancels and changes nothing, confirming applies.
import { Membership } from '@gatehouse/db';
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

const roleOf = async (userId: string) => (await server.orm.em.fork().findOneOrFail(Membership, { user: userId })).role;

describe('role change confirmations', () => {
  it('asks before making someone an owner; Escape changes nothing, confirming does', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    const ownerEmail = `ona-${Date.now()}@example.com`;
    await signUpInPage(page, { email: ownerEmail, name: 'Ona Owner', org: 'Confirm Co', password: PASSWORD });
    await verifyInBrowser(page, server, ownerEmail);

    // A member joins over HTTP, invited with the owner's cookie.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email: `mo-${Date.now()}@example.com`, role: 'member', teamIds: [] }, { cookie }));
    const joined = ok(
      await trpc<{ userId: string }>(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: 'Mo Member', password: PASSWORD }),
    );

    await page.goto(`/admin/members/${joined.userId}`);
    await page.getByRole('heading', { level: 1, name: 'Mo Member' }).waitFor();
    await page.getByLabel('Role').selectOption('owner');
    await page.getByRole('button', { name: 'Change role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make Mo Member an owner?' });
    await dialog.getByText('Owners can do everything in Confirm Co', { exact: false }).waitFor();
    // The safe choice has the focus; Escape closes without a change.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await roleOf(joined.userId)).toBe('member');

    await page.getByRole('button', { name: 'Change role' }).click();
    await dialog.getByRole('button', { name: 'Make owner' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText("Mo Member's role is now Owner").waitFor();
    expect(await roleOf(joined.userId)).toBe('owner');
    expect(problems).toEqual([]);
    await context.close();
  });
});
