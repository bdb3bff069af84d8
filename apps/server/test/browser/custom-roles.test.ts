// The custom-roles story in two real browsers: an owner builds a role from fine-grained
// permissions and gives it to a member within one team; the member gains exactly that team's
// agents (not another team's) and loses them when the owner takes them out of the team.
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

/** A browser already signed in with `cookie` (a `session=…` pair). */
async function signedIn(cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.origin });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.origin, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

async function agentsSeen(page: Page): Promise<string[]> {
  await page.goto('/agents');
  await heading(page, 'Agents').waitFor();
  const empty = page.getByText('Agents belong to teams; ask an owner to add you to a team.');
  const table = page.getByRole('table', { name: 'Agents' });
  await empty.or(table).waitFor();
  if (await empty.isVisible()) return [];
  return table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') }).allInnerTexts();
}

describe('custom roles in the browser', () => {
  it('creates a role, gives it within one team, and the member gains exactly that team’s agents until removed', async () => {
    // The organisation, its teams and agents, and an invited member, over the API.
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'Olive Owner', orgName: 'Roles Inc' });
    const owner = { cookie: signUp.cookie! };
    await verifyAddress(server, ownerEmail);
    const red = ok(await trpc<{ id: string }>(server, 'orgAdmin.teams.create', { name: 'Red' }, owner));
    const blue = ok(await trpc<{ id: string }>(server, 'orgAdmin.teams.create', { name: 'Blue' }, owner));
    ok(await trpc(server, 'orgAdmin.agents.create', { teamId: red.id, name: 'Red bot' }, owner));
    ok(await trpc(server, 'orgAdmin.agents.create', { teamId: blue.id, name: 'Blue bot' }, owner));
    const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email: uniqueEmail('bea'), role: 'member', teamIds: [] }, owner));
    const accepted = await trpc(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: 'Bea Member', password: PASSWORD });

    const ownerContext = await signedIn(owner.cookie);
    const a = await ownerContext.newPage();
    const ownerProblems = collectProblems(a, {});
    const memberContext = await signedIn(accepted.cookie!);
    const b = await memberContext.newPage();
    const memberProblems = collectProblems(b, {});
    expect(await agentsSeen(b)).toEqual([]);

    // The role, from the roles editor.
    await a.goto('/admin/roles');
    await heading(a, 'Roles').waitFor();
    expect(await a.title()).toBe('Roles · Gatehouse');
    await a.getByRole('button', { name: 'Create role' }).click();
    const dialog = a.getByRole('dialog', { name: 'Create role' });
    await dialog.getByLabel('Role name').fill('Agent operator');
    await dialog.getByLabel('Description').fill('Runs the agents of their team');
    await dialog.getByRole('checkbox', { name: 'agents:read' }).check();
    await dialog.getByRole('checkbox', { name: 'agents:write' }).check();
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await a.getByText('Role Agent operator created').waitFor();
    const permissions = a.getByLabel('Permissions of Agent operator');
    expect(await permissions.innerText()).toMatch(/agents:read\s+agents:write/);

    // Within the Red team only.
    await a.goto(`/admin/teams/${red.id}`);
    await heading(a, 'Red').waitFor();
    await a.getByLabel('Add a member').fill('bea');
    await a.getByRole('button', { name: 'Add Bea Member to Red' }).click();
    await a.getByText('Bea Member was added to Red').waitFor();
    await a.getByLabel('Team role of Bea Member').selectOption({ label: 'Agent operator' });
    await a.getByText('Bea Member is now Agent operator in Red').waitFor();

    // The member page shows where each permission comes from.
    await a.getByRole('link', { name: 'Bea Member' }).click();
    await heading(a, 'Bea Member').waitFor();
    const effective = a.getByLabel('Effective permissions of Bea Member');
    await effective.getByText('Agent operator in Red').first().waitFor();
    expect(await effective.innerText()).toContain('agents:write');

    // Exactly Red's agents, not Blue's.
    expect(await agentsSeen(b)).toEqual([expect.stringMatching(/^Red bot\s+Red/)]);

    // Out of the team: gone on the member's next load.
    await a.goto(`/admin/teams/${red.id}`);
    await a.getByRole('button', { name: 'Remove Bea Member from Red' }).click();
    await a.getByText('Bea Member was removed from Red').waitFor();
    expect(await agentsSeen(b)).toEqual([]);

    expect(ownerProblems).toEqual([]);
    expect(memberProblems).toEqual([]);
    await memberContext.close();
    await ownerContext.close();
  });
});
