// A custom role sees the admin pages it can use and no others. `me.get`'s coarse org:read is
// reached by audit:read alone, so before this the sidebar offered every admin page to such a
// role, and each one opened onto refused calls. Here a member holding only audit:read gets the
// audit log (and uses it), and the other pages, opened by address, say plainly that the role
// doesn't include them, without asking the server for what it would refuse.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from '../mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { startServer, type RunningServer } from '../server.js';
import { launchChromium } from './chromium.js';
import { collectProblems } from './console-problems.js';
import { submitSignIn } from './forms.js';

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

/** The links under "Admin" in the sidebar, once `me.access` has decided them. */
async function adminLinks(page: Page, first: string): Promise<string[]> {
  const list = page.getByRole('navigation', { name: 'Settings' }).getByRole('list', { name: 'Admin' });
  await list.getByRole('link', { name: first, exact: true }).waitFor();
  return list.getByRole('link').allInnerTexts();
}

async function expectNoAccess(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await heading(page, "You don't have access to this page").waitFor();
  await page.getByText("Your role doesn't include this page.", { exact: false }).waitFor();
}

describe('admin pages by permission', () => {
  it('shows a member with only audit:read the audit log, and no-access for the pages it can’t use', async () => {
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'Olive Owner', orgName: 'Ledger Ltd' });
    const owner = { cookie: signUp.cookie! };
    await verifyAddress(server, ownerEmail);
    const role = ok(await trpc<{ id: string }>(server, 'orgAdmin.roles.create', { name: 'Auditor', permissions: ['audit:read'] }, owner));
    const auditorEmail = uniqueEmail('aud');
    const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email: auditorEmail, role: 'member', teamIds: [] }, owner));
    const accepted = await trpc<{ userId: string }>(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: 'Abe Auditor', password: PASSWORD });
    ok(await trpc(server, 'orgAdmin.members.setRole', { userId: ok(accepted).userId, role: role.id }, owner));

    const context: BrowserContext = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    // No refusal is expected: a page the role can't use must not ask the server at all.
    const problems = collectProblems(page, {});
    await submitSignIn(page, auditorEmail, PASSWORD);
    await heading(page, 'Profile').waitFor();
    expect(await adminLinks(page, 'Audit log')).toEqual(['Audit log']);

    // The one page it has, from the sidebar, working: the owner's role change is in the log.
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await heading(page, 'Audit log').waitFor();
    await page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: /member\.role_changed/ }).first().waitFor();
    // Listing members needs members:read: the actor filter stays off rather than fail.
    expect(await page.getByLabel('Actor').isDisabled()).toBe(true);

    await expectNoAccess(page, '/admin/members');
    await expectNoAccess(page, '/admin/settings');
    await expectNoAccess(page, '/admin/provisioning');
    // The sidebar still offers its one page from a no-access page.
    expect(await adminLinks(page, 'Audit log')).toEqual(['Audit log']);

    // /admin leads to the first page the role can open.
    await page.goto('/admin');
    await heading(page, 'Audit log').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows team-scoped roles the pages the server lets them use, without the parts it doesn’t', async () => {
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'Olive Owner', orgName: 'Teamed Ltd' });
    const owner = { cookie: signUp.cookie! };
    await verifyAddress(server, ownerEmail);
    const red = ok(await trpc<{ id: string }>(server, 'orgAdmin.teams.create', { name: 'Red' }, owner));
    const viewer = ok(await trpc<{ id: string }>(server, 'orgAdmin.roles.create', { name: 'Team viewer', permissions: ['teams:read'] }, owner));
    const reader = ok(await trpc<{ id: string }>(server, 'orgAdmin.roles.create', { name: 'People reader', permissions: ['members:read'] }, owner));
    /** Invited as a member, then given `roleId` within Red only. */
    const inRed = async (name: string, roleId: string) => {
      const email = uniqueEmail(name.split(' ')[0]!.toLowerCase());
      const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email, role: 'member', teamIds: [] }, owner));
      const accepted = await trpc<{ userId: string }>(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: name, password: PASSWORD });
      ok(await trpc(server, 'orgAdmin.teams.setMemberRole', { teamId: red.id, userId: ok(accepted).userId, roleId }, owner));
      return email;
    };
    const viewerEmail = await inRed('Vic Viewer', viewer.id);
    const readerEmail = await inRed('Rae Reader', reader.id);

    // teams:read in Red: the Teams page and Red's own page, but not Red's people (members:read).
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    await submitSignIn(page, viewerEmail, PASSWORD);
    await heading(page, 'Profile').waitFor();
    expect(await adminLinks(page, 'Teams')).toEqual(['Teams']);
    await page.goto('/admin');
    await heading(page, 'Teams').waitFor();
    await page.getByRole('link', { name: 'Red', exact: true }).click();
    await heading(page, 'Red').waitFor();
    await page.getByText("Your role doesn't include the list of this team's members.").waitFor();
    await expectNoAccess(page, '/admin/members');
    expect(problems).toEqual([]);
    await context.close();

    // members:read in Red: the roles (a team-reach list), but not the whole member list, which
    // the server gives only to members:read held org-wide.
    const readerContext = await browser.newContext({ baseURL: server.origin });
    const readerPage = await readerContext.newPage();
    const readerProblems = collectProblems(readerPage, {});
    await submitSignIn(readerPage, readerEmail, PASSWORD);
    await heading(readerPage, 'Profile').waitFor();
    expect(await adminLinks(readerPage, 'Roles')).toEqual(['Roles']);
    await readerPage.goto('/admin');
    await heading(readerPage, 'Roles').waitFor();
    await readerPage.getByRole('table', { name: 'Roles' }).getByText('People reader').waitFor();
    await expectNoAccess(readerPage, '/admin/members');
    await expectNoAccess(readerPage, '/admin/settings');
    expect(readerProblems).toEqual([]);
    await readerContext.close();
  });

  it('still shows an owner every admin page', async () => {
    const email = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email, password: PASSWORD, displayName: 'Omar Owner', orgName: 'Whole Co' });
    ok(signUp);
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    await submitSignIn(page, email, PASSWORD);
    await heading(page, 'Profile').waitFor();
    expect(await adminLinks(page, 'Members')).toEqual(['Members', 'Teams', 'Invitations', 'Roles', 'Provisioning', 'Audit log', 'Settings']);
    await page.goto('/admin');
    await heading(page, 'Members').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
