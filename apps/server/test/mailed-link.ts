// Links as their recipients get them: read from the outbox (the development mailbox, with no
// SMTP_URL), the way a person would copy them out of a mail.
import { OutboxMail } from '@gatehouse/db';
import type { Page } from 'playwright-core';
import type { RunningServer } from './server.js';

/** The newest mailed link to `address` whose path starts with `path` (e.g. `/verify-email/`). */
export async function mailedLink(server: Pick<RunningServer, 'orm'>, address: string, path: string): Promise<string> {
  const mails = await server.orm.em
    .fork()
    .find(OutboxMail, { toAddress: address.toLowerCase() }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  const pattern = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}[A-Za-z0-9_-]+`);
  for (const mail of mails) {
    const match = pattern.exec(mail.text);
    if (match) return match[0];
  }
  throw new Error(`no mail to ${address} holds a ${path} link`);
}

/** Proves a signed-up address over HTTP, as opening the mailed link and confirming does. */
export async function verifyAddress(server: Pick<RunningServer, 'orm' | 'url' | 'origin'>, address: string): Promise<void> {
  const link = await mailedLink(server, address, '/verify-email/');
  const res = await fetch(`${server.url}/trpc/auth.verifyEmail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin },
    body: JSON.stringify({ token: link.slice(link.lastIndexOf('/') + 1) }),
  });
  if (res.status !== 200) throw new Error(`verification failed: ${res.status} ${await res.text()}`);
}

/** In the browser: opens the mailed verification link, confirms, and comes back to the profile. */
export async function verifyInBrowser(page: Page, server: Pick<RunningServer, 'orm'>, address: string): Promise<void> {
  const link = await mailedLink(server, address, '/verify-email/');
  await page.goto(new URL(link).pathname);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await page.getByText(`${address} is confirmed.`).waitFor();
  await page.getByRole('link', { name: 'Continue to Gatehouse' }).click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
}
