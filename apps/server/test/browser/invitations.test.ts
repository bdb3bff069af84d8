// An owner's invitation dialog tells the truth about mail (without SMTP_URL nobody was emailed),
// and the pending list can issue a fresh link (the only way to copy one again, since links are
// stored hashed), asking first because the old link stops working.
import type { AddressInfo } from 'node:net';
import { Invitation } from '@gatehouse/db';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyInBrowser } from '../mailed-link.js';
import { PASSWORD } from '../scim-client.js';
import { startServer, type RunningServer } from '../server.js';
import { launchChromium } from './chromium.js';
import { collectProblems } from './console-problems.js';
import { signUpInPage } from './forms.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function ownerOn(server: RunningServer, page: Page, email: string): Promise<void> {
  await signUpInPage(page, { email, name: 'Iris Inviter', org: 'Links Ltd', password: PASSWORD });
  await verifyInBrowser(page, server, email);
}

async function invite(page: Page, email: string): Promise<void> {
  await page.goto('/admin/invitations');
  await page.getByRole('heading', { level: 1, name: 'Invitations' }).waitFor();
  await page.getByRole('button', { name: 'Invite member' }).first().click();
  const form = page.getByRole('dialog', { name: 'Invite member' });
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Send invitation' }).click();
}

/** What the invitation page's preview answers for a link: 200 while it works, 404 after. */
async function previewStatus(server: RunningServer, link: string): Promise<number> {
  const token = link.slice(link.lastIndexOf('/') + 1);
  const res = await fetch(`${server.url}/trpc/auth.invitation?input=${encodeURIComponent(JSON.stringify({ token }))}`);
  return res.status;
}

describe('invitations without SMTP_URL', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('says nobody was emailed, and lets the owner get a new link from the list (cancel changes nothing)', async () => {
    const context = await browser.newContext({ baseURL: server.origin, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    await ownerOn(server, page, `iris-${Date.now()}@example.com`);
    const invitee = `invitee-${Date.now()}@example.com`;
    await invite(page, invitee);

    const created = page.getByRole('dialog', { name: 'Invitation created' });
    await created.getByText('Email is not set up on this server, so nobody was emailed', { exact: false }).waitFor();
    expect(await created.getByText('We emailed').count()).toBe(0);
    const first = await created.getByLabel('Invitation link').inputValue();
    await created.getByRole('button', { name: 'Done' }).click();
    expect(await previewStatus(server, first)).toBe(200);

    const row = page.getByRole('table', { name: 'Invitations' }).getByRole('row', { name: new RegExp(invitee) });
    const hashBefore = (await server.orm.em.fork().findOneOrFail(Invitation, { email: invitee })).tokenHash;

    // Cancelled: the old link still works, nothing was re-issued.
    await row.getByRole('button', { name: `Resend invitation to ${invitee}` }).click();
    let dialog = page.getByRole('dialog', { name: 'Get a new invitation link?' });
    await dialog.getByText('The link sent before stops working at once', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await server.orm.em.fork().findOneOrFail(Invitation, { email: invitee })).tokenHash).toBe(hashBefore);
    expect(await previewStatus(server, first)).toBe(200);

    // Confirmed: a new link, shown once; the old one is dead, the new one works.
    await row.getByRole('button', { name: `Resend invitation to ${invitee}` }).click();
    dialog = page.getByRole('dialog', { name: 'Get a new invitation link?' });
    await dialog.getByRole('button', { name: 'Get new link' }).click();
    const renewed = page.getByRole('dialog', { name: 'New link ready' });
    const second = await renewed.getByLabel('Invitation link').inputValue();
    expect(second).toMatch(new RegExp(`^${server.origin}/invite/[A-Za-z0-9_-]{43}$`));
    expect(second).not.toBe(first);
    await renewed.getByText('The link sent before no longer works', { exact: false }).waitFor();
    await renewed.getByRole('button', { name: 'Copy' }).click();
    await renewed.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(second);
    await renewed.getByRole('button', { name: 'Done' }).click();
    expect(await previewStatus(server, first)).toBe(404);
    expect(await previewStatus(server, second)).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('invitations with SMTP_URL', () => {
  let server: RunningServer;
  let smtp: SMTPServer;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, done) {
        stream.on('data', () => undefined);
        stream.on('end', () => done());
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('says the link was emailed', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    await ownerOn(server, page, `iris-smtp-${Date.now()}@example.com`);
    const invitee = `mailed-${Date.now()}@example.com`;
    await invite(page, invitee);
    const sent = page.getByRole('dialog', { name: 'Invitation sent' });
    await sent.getByText(`We emailed this link to ${invitee}`, { exact: false }).waitFor();
    expect(await sent.getByText('nobody was emailed', { exact: false }).count()).toBe(0);
    await context.close();
  });
});
