// The admin member page asks for the member, their role, keys, teams and permissions at once; its
// batched request once passed the router's 100-character limit and was refused whole with 414.
// Here the real page, loaded outright and reached by navigation, sends what it sends: every
// batch must be answered.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from '../mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
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

interface Sent {
  calls: { path: string; input: unknown }[];
  status: number;
}

/** Every tRPC request the page sends: its calls (procedure and input), and the status it got. */
function recordTrpc(page: Page): Sent[] {
  const seen: Sent[] = [];
  page.on('response', (res: Response) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/trpc/')) return;
    const paths = url.pathname.slice('/trpc/'.length).split(',');
    const inputs = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<number, unknown>;
    seen.push({ calls: paths.map((path, i) => ({ path, input: inputs[i] })), status: res.status() });
  });
  return seen;
}

describe('the admin member page', () => {
  it('gets every batch it sends answered, loaded outright or reached by navigation', async () => {
    const ownerEmail = uniqueEmail('owner');
    const signUp = await trpc(server, 'auth.signUp', { email: ownerEmail, password: PASSWORD, displayName: 'Olive Owner', orgName: 'Batch Co' });
    await verifyAddress(server, ownerEmail); // inviting needs a proven address
    const owner = { cookie: signUp.cookie! };
    const team = ok(await trpc<{ id: string }>(server, 'orgAdmin.teams.create', { name: 'Red' }, owner));
    const invite = ok(await trpc<{ url: string }>(server, 'orgAdmin.invitations.create', { email: uniqueEmail('bea'), role: 'member', teamIds: [team.id] }, owner));
    const accepted = await trpc<{ userId: string }>(server, 'auth.acceptInvitation', { token: invite.url.split('/invite/')[1], displayName: 'Bea Member', password: PASSWORD });
    const memberId = ok(accepted).userId;
    ok(await trpc(server, 'me.apiKeys.create', { name: 'laptop', scopes: ['profile:read'], expiresInDays: 30 }, { cookie: accepted.cookie! }));

    const context = await browser.newContext({ baseURL: server.origin });
    const [name, value] = owner.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.origin, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    const requests = recordTrpc(page);

    // Loaded outright: nothing cached.
    await page.goto(`/admin/members/${memberId}`);
    await heading(page, 'Bea Member').waitFor();
    await page.getByText('laptop').waitFor();
    await page.getByRole('link', { name: 'Red' }).first().waitFor();
    const ofTheLoad = requests.length;

    // Reached from the members list.
    await page.goto('/admin/members');
    await heading(page, 'Members').waitFor();
    await page.getByRole('link', { name: 'Bea Member' }).click();
    await heading(page, 'Bea Member').waitFor();
    await page.getByText('laptop').waitFor();
    expect(requests.filter((r) => r.status >= 400)).toEqual([]);

    // How the page's queries fall into batches depends on timing: a slower network or machine
    // gathers them into one. That batch, sent by the page itself, must be answered too.
    const calls = [...new Map(requests.slice(0, ofTheLoad).flatMap((r) => r.calls).map((c) => [c.path, c])).values()];
    const joined = calls.map((c) => c.path).join(',');
    expect(joined.length).toBeGreaterThan(100);
    const input = JSON.stringify(Object.fromEntries(calls.map((c, i) => [i, c.input])));
    const answers = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, body: (await res.json()) as { error?: { data: { httpStatus: number } } }[] };
    }, `/trpc/${joined}?batch=1&input=${encodeURIComponent(input)}`);
    expect(answers.status).toBe(200);
    expect(answers.body.map((a) => a.error?.data.httpStatus ?? 200)).toEqual(calls.map(() => 200));
    expect(problems).toEqual([]);
    await context.close();
  });
});
