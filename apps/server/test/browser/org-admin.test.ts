// The org-admin story in two real browsers: an owner builds a team with an agent and invites a
// member; the member accepts in their own browser and sees the team's agent exactly while they
// are in the team; the owner makes them an admin, who finds the admin area read-only (and only
// then downloads it); finally the owner removes them, which signs them out.
import { Membership, OutboxMail } from '@gatehouse/db';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyInBrowser } from '../mailed-link.js';
import { startServer, type RunningServer } from '../server.js';
import { BROWSER_PASSWORD as PASSWORD, signUpInPage } from './forms.js';
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


/** Refusals this file provokes on purpose, by status and procedure; any other console error is a problem. */
const expectedRefusals: ExpectedRefusals = {
  // A signed-out page learns it is signed out from me.get.
  401: ['me.get'],
  // A used invitation link, opened again.
  404: ['auth.invitation'],
  // A duplicate team name, and demoting the organisation's last owner.
  409: ['orgAdmin.teams.create', 'orgAdmin.members.setRole'],
};


const navLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name, exact: true });

/** The member's role as stored (null once their account is gone). */
async function roleOf(s: RunningServer, email: string): Promise<string | null> {
  const membership = await s.orm.em.fork().findOne(Membership, { user: { email } });
  return membership?.role ?? null;
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/**
 * A control missing from a page still loading proves nothing: wait for what must be there once it
 * has settled, then count. Each absent control is also seen present for an owner elsewhere in the
 * story, so a wrong name cannot make the check pass.
 */
async function expectAbsentOnceSettled(settled: Locator[], absent: Locator[]): Promise<void> {
  for (const locator of settled) await locator.waitFor();
  for (const locator of absent) expect(await locator.count(), locator.toString()).toBe(0);
}

const ownerOnlyMemberControls = ['Save changes', 'Change role', 'Add to team', 'Remove from organisation'];

async function signUp(page: Page, email: string): Promise<void> {
  await signUpInPage(page, { email, name: 'Olive Owner', org: 'Acme Admin' });
  await verifyInBrowser(page, server, email);
}

/** What the member's Agents page lists, after a fresh load (no cached answer survives a reload). */
async function agentsSeen(page: Page): Promise<string[]> {
  await page.reload();
  await heading(page, 'Agents').waitFor();
  const empty = page.getByText('Agents belong to teams; ask an owner to add you to a team.');
  const table = page.getByRole('table', { name: 'Agents' });
  await empty.or(table).waitFor();
  if (await empty.isVisible()) return [];
  return table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') }).allInnerTexts();
}

describe('org admin in the browser', () => {
  it('invites a member, scopes agents by team, makes them a read-only admin, then removes them', async () => {
    const ownerEmail = `owner-${Date.now()}@example.com`;
    const memberEmail = `bea-${Date.now()}@example.com`;
    const owner = await browser.newContext({ baseURL: server.origin, permissions: ['clipboard-read', 'clipboard-write'] });
    const a = await owner.newPage();
    const ownerProblems = collectProblems(a, expectedRefusals);
    await signUp(a, ownerEmail);

    // A team, refused once for a name already taken (in another letter case), then an agent in it.
    await navLink(a, 'Teams').click();
    await heading(a, 'Teams').waitFor();
    await a.getByText('No teams yet').waitFor();
    await a.getByRole('button', { name: 'Create team' }).click();
    let dialog = a.getByRole('dialog', { name: 'Create team' });
    await dialog.getByLabel('Team name').fill('Platform');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await a.getByText('Team Platform created').waitFor();
    await a.getByRole('button', { name: 'Create team' }).click();
    dialog = a.getByRole('dialog', { name: 'Create team' });
    await dialog.getByLabel('Team name').fill('platform');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.getByText('A team with this name already exists').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await a.getByRole('link', { name: 'Platform' }).click();
    await heading(a, 'Platform').waitFor();
    await a.getByText('Platform has no agents yet.').waitFor();
    await a.getByRole('button', { name: 'New agent' }).click();
    dialog = a.getByRole('dialog', { name: 'New agent' });
    await dialog.getByLabel('Agent name').fill('Deploy bot');
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    await a.getByRole('list', { name: 'Agents of Platform' }).getByText('Deploy bot').waitFor();

    // The invitation: its link is shown once in the dialog, and queued as mail (which, with no
    // SMTP_URL, reaches nobody: the dialog says so).
    await navLink(a, 'Invitations').click();
    await heading(a, 'Invitations').waitFor();
    await a.getByRole('button', { name: 'Invite member' }).click();
    dialog = a.getByRole('dialog', { name: 'Invite member' });
    await dialog.getByLabel('Email').fill(memberEmail);
    expect(await dialog.getByLabel('Role').inputValue()).toBe('member');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const sent = a.getByRole('dialog', { name: 'Invitation created' });
    await sent.getByText('nobody was emailed', { exact: false }).waitFor();
    const link = await sent.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.origin}/invite/[A-Za-z0-9_-]{43}$`));
    await sent.getByRole('button', { name: 'Copy' }).click();
    await sent.getByRole('button', { name: 'Copied' }).waitFor();
    await sent.getByRole('button', { name: 'Done' }).click();
    const invitations = a.getByRole('table', { name: 'Invitations' });
    await invitations.getByRole('row', { name: new RegExp(memberEmail) }).getByText('Pending').waitFor();

    const mail = await server.orm.em.fork().find(OutboxMail, { toAddress: memberEmail });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Gatehouse: Olive Owner invited you to Acme Admin');
    expect(mail[0]!.text).toContain(link);

    // The invitee, in a browser of their own.
    const invitee = await browser.newContext({ baseURL: server.origin });
    const b = await invitee.newPage();
    const memberProblems = collectProblems(b, expectedRefusals);
    const adminChunks: string[] = [];
    b.on('request', (r) => {
      if (/\/assets\/admin-routes-[\w-]+\.js$/.test(r.url())) adminChunks.push(r.url());
    });
    await b.goto(link);
    await heading(b, 'Join Acme Admin on Gatehouse').waitFor();
    expect(await b.getByLabel('Email').inputValue()).toBe(memberEmail);
    expect(await b.getByLabel('Email').getAttribute('readonly')).not.toBeNull();
    await b.getByLabel('Your name').fill('Bea Member');
    await b.getByLabel('Password').fill(PASSWORD);
    await b.getByRole('button', { name: 'Accept invitation' }).click();
    await heading(b, 'Profile').waitFor();
    // The sidebar is drawn from the member's permissions: Agents (agents:read) must show, Members (org:read) not.
    await expectAbsentOnceSettled([navLink(b, 'Agents')], [navLink(b, 'Members')]);
    // Single use: the same link now only explains itself.
    await b.goto(link);
    await heading(b, 'This invitation link is invalid or has expired').waitFor();
    await b.getByRole('link', { name: 'Sign in' }).waitFor();
    // A member at an admin address gets an explanation, not a crash.
    await b.goto('/admin/members');
    await heading(b, "You don't have access to this page").waitFor();
    // The admin screens are their own chunk, which a member's browser never fetches.
    expect(adminChunks).toEqual([]);

    // A key of the member's own, for the owner to revoke from the member's page later.
    await navLink(b, 'API keys').click();
    await b.getByRole('button', { name: 'Create API key' }).first().click();
    dialog = b.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('laptop-cli');
    await dialog.getByRole('checkbox', { name: 'agents:read' }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await b.getByRole('button', { name: 'Done' }).click();

    await navLink(b, 'Agents').click();
    expect(await agentsSeen(b)).toEqual([]);

    // Into the team, from the team's page: the agent appears for the member on their next load.
    await navLink(a, 'Teams').click();
    await a.getByRole('button', { name: 'Rename Platform' }).waitFor();
    await a.getByRole('button', { name: 'Create team' }).waitFor();
    await a.getByRole('link', { name: 'Platform' }).click();
    await heading(a, 'Platform').waitFor();
    await a.getByLabel('Add a member').fill('bea');
    await a.getByRole('button', { name: 'Add Bea Member to Platform' }).click();
    await a.getByText('Bea Member was added to Platform').waitFor();
    await a.getByRole('list', { name: 'Members of Platform' }).getByText('Bea Member').waitFor();
    expect(await agentsSeen(b)).toEqual([expect.stringMatching(/^Deploy bot\s+Platform/)]);

    // Out of the team, from the member's page: gone on the member's next load.
    await navLink(a, 'Members').click();
    await heading(a, 'Members').waitFor();
    await a.getByRole('button', { name: 'Invite member' }).waitFor();
    await a.getByLabel('Search members').fill('bea');
    // Bea has no second factor: the badge says so, and the two-factor filter (kept in the address) hides her.
    await a.getByRole('table', { name: 'Members' }).getByRole('row', { name: /Bea Member/ }).getByText('No 2FA').waitFor();
    await a.getByLabel('Two-factor').selectOption({ label: 'With 2FA' });
    await a.getByRole('heading', { name: 'No members match' }).waitFor();
    expect(new URL(a.url()).searchParams.get('mfa')).toBe('enabled');
    await a.getByLabel('Two-factor').selectOption({ label: 'Without 2FA' });
    await a.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Bea Member' }).click();
    await heading(a, 'Bea Member').waitFor();
    const keys = a.getByRole('list', { name: 'API keys of Bea Member' });
    await keys.getByRole('heading', { name: 'laptop-cli' }).waitFor();
    expect(await keys.getByRole('list', { name: 'Scopes of laptop-cli' }).innerText()).toBe('agents:read');
    await a.getByRole('button', { name: 'Delete key laptop-cli' }).click();
    dialog = a.getByRole('dialog', { name: 'Delete laptop-cli?' });
    await dialog.getByText('Bea Member is told it was deleted', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Delete key' }).click();
    await a.getByText('Bea Member has no API keys.').waitFor();

    await a.getByRole('button', { name: 'Remove from Platform' }).click();
    await a.getByText('Bea Member was removed from Platform').waitFor();
    await a.getByText('Not in any team yet.').waitFor();
    for (const name of ownerOnlyMemberControls) await a.getByRole('button', { name }).waitFor();
    expect(await agentsSeen(b)).toEqual([]);

    // Promote the member to admin: asked first, and cancelling changes nothing.
    await a.getByLabel('Role').selectOption('admin');
    await a.getByRole('button', { name: 'Change role' }).click();
    let roleDialog = a.getByRole('dialog', { name: "Change Bea Member's role to Admin?" });
    await roleDialog.getByText('Bea Member goes from Member to Admin', { exact: false }).waitFor();
    await roleDialog.getByRole('button', { name: 'Cancel' }).click();
    await roleDialog.waitFor({ state: 'detached' });
    expect(await roleOf(server, memberEmail)).toBe('member');
    await a.getByRole('button', { name: 'Change role' }).click();
    roleDialog = a.getByRole('dialog', { name: "Change Bea Member's role to Admin?" });
    await roleDialog.getByRole('button', { name: 'Change role to Admin' }).click();
    await a.getByText("Bea Member's role is now Admin").waitFor();
    expect(await roleOf(server, memberEmail)).toBe('admin');

    // The last owner can't demote themselves, and is told why.
    await navLink(a, 'Members').click();
    await a.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Olive Owner' }).click();
    await heading(a, 'Olive Owner').waitFor();
    await a.getByLabel('Role').selectOption('member');
    await a.getByRole('button', { name: 'Change role' }).click();
    // Demoting yourself is asked about in its own words.
    roleDialog = a.getByRole('dialog', { name: 'Change your own role to Member?' });
    await roleDialog.getByText("You can't undo this yourself", { exact: false }).waitFor();
    await roleDialog.getByRole('button', { name: 'Change my role to Member' }).click();
    await a.getByText('Olive Owner is the last owner of Acme Admin', { exact: false }).waitFor();
    // Nothing changed, and the role box says so rather than keeping the refused choice.
    expect(await a.getByLabel('Role').inputValue()).toBe('owner');
    expect(await a.getByRole('button', { name: 'Change role' }).isDisabled()).toBe(true);

    // The new admin sees the admin area on their next load, read-only.
    await b.reload();
    await navLink(b, 'Members').click();
    await heading(b, 'Members').waitFor();
    expect(adminChunks).toHaveLength(1);
    const oliveInTable = b.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Olive Owner' });
    await expectAbsentOnceSettled(
      [b.getByText('View only.'), oliveInTable],
      [b.getByRole('button', { name: 'Invite member' })],
    );
    await oliveInTable.click();
    await heading(b, 'Olive Owner').waitFor();
    // Settled: every card of the member page has drawn its content (details, teams, keys).
    await expectAbsentOnceSettled(
      [b.getByText('View only.'), b.getByText('Not in any team yet.'), b.getByText('Olive Owner has no API keys.')],
      ownerOnlyMemberControls.map((name) => b.getByRole('button', { name })),
    );
    expect(await b.getByLabel('Display name').inputValue()).toBe('Olive Owner');
    expect(await b.getByLabel('Display name').getAttribute('readonly')).not.toBeNull();
    await navLink(b, 'Teams').click();
    await expectAbsentOnceSettled(
      [heading(b, 'Teams'), b.getByText('View only.'), b.getByRole('table', { name: 'Teams' }).getByRole('link', { name: 'Platform' })],
      [b.getByRole('button', { name: 'Create team' }), b.getByRole('button', { name: 'Rename Platform' })],
    );

    // Removal erases the account: the member's next load finds them signed out.
    await navLink(a, 'Members').click();
    await a.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Bea Member' }).click();
    await a.getByRole('button', { name: 'Remove from organisation' }).click();
    dialog = a.getByRole('dialog', { name: 'Remove Bea Member from Acme Admin?' });
    await dialog.getByText("This can't be undone.", { exact: false }).waitFor();
    // Type-the-name: the button stays disabled until the name (or email) is typed.
    const removeButton = dialog.getByRole('button', { name: 'Remove member' });
    expect(await removeButton.isDisabled()).toBe(true);
    const typeName = dialog.getByLabel('Type Bea Member or their email to confirm');
    await typeName.fill('Bea');
    expect(await removeButton.isDisabled()).toBe(true);
    await typeName.press('Enter');
    expect(await roleOf(server, memberEmail)).toBe('admin');
    await typeName.fill('bea member');
    await removeButton.click();
    await a.getByText('Bea Member was removed from Acme Admin').waitFor();
    await heading(a, 'Members').waitFor();
    await expect.poll(() => a.getByRole('link', { name: 'Bea Member' }).count()).toBe(0);
    expect(await roleOf(server, memberEmail)).toBeNull();
    await b.reload();
    await b.waitForURL('**/sign-in**');

    expect(ownerProblems).toEqual([]);
    expect(memberProblems).toEqual([]);
    await invitee.close();
    await owner.close();
  });
});
