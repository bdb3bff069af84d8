// Each admin control shows only to those holding the permission its procedure checks. A "Team
// lead" custom role (members:read, member-keys:read, teams:read, teams:write) reaches the coarse
// org:write, which used to be enough to show every write control; the server refuses most of them.
// The lead must see a member's page and the Members page read-only (with the note), keep the team
// controls teams:write really allows, and the owner must still see everything.
import { User } from '@gatehouse/db';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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
const readOnlyNote = (page: Page) => page.getByRole('status').filter({ hasText: 'View only.' });

/** The member page's controls that need members:write, roles:assign or member-keys:delete. */
const memberWriteControls = [
  'Save changes',
  'Change role',
  'Delete key laptop',
  'Reset two-factor authentication',
  'Remove from organisation',
];

/** A browser already signed in with `cookie` (a `session=…` pair). */
async function signedIn(cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.origin });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.origin, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

/** Waits for `settled` (the page has drawn what its access allows), then checks `absent` is not there. */
async function expectAbsentOnceSettled(settled: Locator[], absent: Locator[]): Promise<void> {
  for (const locator of settled) await locator.waitFor();
  for (const locator of absent) expect(await locator.count(), locator.toString()).toBe(0);
}

/** Opens the member's page and waits until every card has drawn (details, teams, keys). */
async function openMember(page: Page, userId: string): Promise<void> {
  await page.goto(`/admin/members/${userId}`);
  await heading(page, 'Mia Member').waitFor();
  await page.getByRole('list', { name: 'Teams of Mia Member' }).waitFor();
  await page.getByRole('list', { name: 'API keys of Mia Member' }).getByText('laptop').waitFor();
}

describe('admin write controls follow the fine-grained permissions', () => {
  it('shows a team lead the member and Members pages read-only, and the owner every control', async () => {
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'Olive Owner', orgName: 'Controls Inc' });
    const owner = { cookie: signUp.cookie! };
    await verifyAddress(server, ownerEmail);
    const red = ok(await trpc<{ id: string }>(server, 'orgAdmin.teams.create', { name: 'Red' }, owner));

    /** Someone invited as a member who accepted: their session cookie and user id. */
    const invited = async (name: string, teamIds: string[]) => {
      const email = uniqueEmail('person');
      const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email, role: 'member', teamIds }, owner));
      const accepted = await trpc(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: name, password: PASSWORD });
      const user = await server.orm.em.fork().findOneOrFail(User, { email });
      return { cookie: accepted.cookie!, userId: user.id };
    };
    // The member whose page is opened: in a team, with a key an owner could delete.
    const mia = await invited('Mia Member', [red.id]);
    ok(await trpc(server, 'me.apiKeys.create', { name: 'laptop', scopes: ['profile:read'], expiresInDays: 30 }, mia));

    const lead = await invited('Lee Lead', []);
    const role = ok(
      await trpc<{ id: string }>(
        server,
        'orgAdmin.roles.create',
        { name: 'Team lead', permissions: ['members:read', 'member-keys:read', 'teams:read', 'teams:write'] },
        owner,
      ),
    );
    ok(await trpc(server, 'orgAdmin.members.setRole', { userId: lead.userId, role: role.id }, owner));

    const leadContext = await signedIn(lead.cookie);
    const b = await leadContext.newPage();
    const leadProblems = collectProblems(b, {});
    await openMember(b, mia.userId);
    await expectAbsentOnceSettled(
      // teams:write is really theirs: taking Mia out of Red stays on offer.
      [readOnlyNote(b), b.getByRole('button', { name: 'Remove from Red' })],
      memberWriteControls.map((name) => b.getByRole('button', { name })),
    );
    expect(await b.getByLabel('Display name').inputValue()).toBe('Mia Member');
    expect(await b.getByLabel('Display name').getAttribute('readonly')).not.toBeNull();

    await b.goto('/admin/members');
    await heading(b, 'Members').waitFor();
    await expectAbsentOnceSettled(
      [readOnlyNote(b), b.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Mia Member' })],
      [b.getByRole('button', { name: 'Invite member' })],
    );

    // The team page: renaming is teams:write (theirs); a new agent would take agents:write.
    await b.goto(`/admin/teams/${red.id}`);
    await heading(b, 'Red').waitFor();
    await expectAbsentOnceSettled(
      [b.getByRole('button', { name: 'Rename Red' }), b.getByRole('list', { name: 'Members of Red' })],
      [readOnlyNote(b), b.getByRole('button', { name: 'New agent' })],
    );
    expect(leadProblems).toEqual([]);
    await leadContext.close();

    const ownerContext = await signedIn(owner.cookie);
    const a = await ownerContext.newPage();
    const ownerProblems = collectProblems(a, {});
    await openMember(a, mia.userId);
    for (const name of [...memberWriteControls, 'Remove from Red']) await a.getByRole('button', { name }).waitFor();
    expect(await a.getByLabel('Display name').getAttribute('readonly')).toBeNull();
    expect(await readOnlyNote(a).count()).toBe(0);

    await a.goto('/admin/members');
    await heading(a, 'Members').waitFor();
    await a.getByRole('button', { name: 'Invite member' }).waitFor();
    expect(await readOnlyNote(a).count()).toBe(0);

    await a.goto(`/admin/teams/${red.id}`);
    await a.getByRole('button', { name: 'New agent' }).waitFor();
    expect(await readOnlyNote(a).count()).toBe(0);
    expect(ownerProblems).toEqual([]);
    await ownerContext.close();
  }, 120_000);
});
