// Admin → Settings shows each role what it may do with the two-factor policy: an admin, and a
// custom role that holds other write permissions but not settings:write, see the policy read-only
// (a disabled switch and the read-only note) while the owner switches it; the switch must never
// look usable to someone the server would refuse.
import { Organization, User } from '@gatehouse/db';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { verifyAddress } from '../mailed-link.js';
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

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const policySwitch = (page: Page) => page.getByRole('switch', { name: 'Require two-factor authentication' });
const readOnlyNote = (page: Page) => page.getByRole('status').filter({ hasText: 'View only.' });

/** A browser already signed in with `cookie` (a `session=…` pair). */
async function signedIn(cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.origin });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.origin, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

/** Someone invited with `role` who accepted: their session cookie and user id. */
async function invited(owner: { cookie: string }, role: 'admin' | 'member', name: string) {
  const email = uniqueEmail(role);
  const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email, role, teamIds: [] }, owner));
  const accepted = await trpc(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: name, password: PASSWORD });
  const user = await server.orm.em.fork().findOneOrFail(User, { email });
  return { cookie: accepted.cookie!, userId: user.id };
}

/** Opens Admin → Settings from the navigation, and waits until the policy has loaded. */
async function openSettings(page: Page): Promise<void> {
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await heading(page, 'Settings').waitFor();
  await policySwitch(page).waitFor();
}

describe('the organisation settings page in the browser', () => {
  it('shows the two-factor policy read-only to an admin and to a role without settings:write, and editable to the owner', async () => {
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'Olive Owner', orgName: 'Policy Inc' });
    const owner = { cookie: signUp.cookie! };
    await verifyAddress(server, ownerEmail);
    // The owner needs a second factor of their own before the server lets them require one.
    const { secret } = ok(await trpc<{ secret: string }>(server, 'me.mfa.totp.begin', null, owner));
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    ok(await trpc(server, 'me.mfa.totp.confirm', { code }, owner));

    const admin = await invited(owner, 'admin', 'Ada Admin');
    // Team lead: members:read opens the admin area, teams:write makes them a writer elsewhere (org:write).
    const lead = await invited(owner, 'member', 'Lee Lead');
    const role = ok(
      await trpc<{ id: string }>(server, 'orgAdmin.roles.create', { name: 'Team lead', permissions: ['members:read', 'teams:read', 'teams:write'] }, owner),
    );
    ok(await trpc(server, 'orgAdmin.members.setRole', { userId: lead.userId, role: role.id }, owner));

    for (const who of [admin, lead]) {
      const context = await signedIn(who.cookie);
      const page = await context.newPage();
      const problems = collectProblems(page, {});
      await openSettings(page);
      expect(await policySwitch(page).isDisabled()).toBe(true);
      expect(await policySwitch(page).getAttribute('aria-checked')).toBe('false');
      await readOnlyNote(page).waitFor();
      // Not the owner's hint to enrol first: enrolling would not let them change it either.
      expect(await page.getByText('Turn on two-factor authentication for your own account first', { exact: false }).count()).toBe(0);
      // Nothing to click that would only be refused.
      await policySwitch(page).click({ force: true });
      expect(await policySwitch(page).getAttribute('aria-checked')).toBe('false');
      expect(problems).toEqual([]);
      await context.close();
    }

    const ownerContext = await signedIn(owner.cookie);
    const page = await ownerContext.newPage();
    const problems = collectProblems(page, {});
    await openSettings(page);
    expect(await readOnlyNote(page).count()).toBe(0);
    await policySwitch(page).click();
    await page.getByText('Two-factor authentication is now required.').waitFor();
    expect(await policySwitch(page).getAttribute('aria-checked')).toBe('true');
    expect(await policySwitch(page).isEnabled()).toBe(true);
    const org = await server.orm.em.fork().findOneOrFail(Organization, { name: 'Policy Inc' });
    expect(org.requireMfa).toBe(true);
    expect(problems).toEqual([]);
    await ownerContext.close();
  }, 120_000);
});
