// Personal API keys end to end: create behind a fresh password prompt, copy the one-time secret,
// rotate with a grace period, finish the rotation and delete, checking each secret over HTTP.
import { Session } from '@gatehouse/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyInBrowser } from '../mailed-link.js';
import { startServer, type RunningServer } from '../server.js';
import { signUpInPage } from './forms.js';
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

/** Refusals the browser logs that this test expects: anything else on the console is a problem. */
const expectedRefusals: ExpectedRefusals = {
  // A signed-out page learns it is signed out from a 401 on me.get.
  401: ['me.get'],
  // Minting a key outside the sudo window, which this test provokes on purpose.
  403: ['me.apiKeys.create'],
};


/** What a script holding `secret` gets from the API: 200 while the secret is live, 401 after. */
async function statusWith(secret: string): Promise<number> {
  const res = await fetch(`${server.url}/trpc/me.get`, { headers: { authorization: `Bearer ${secret}` } });
  return res.status;
}

async function revealedSecret(page: Page): Promise<string> {
  const reveal = page.getByRole('dialog', { name: 'Copy your new API key' });
  await reveal.getByText("You won't be able to see this key again.").waitFor();
  const secret = await reveal.getByLabel('API key', { exact: true }).inputValue();
  expect(secret).toMatch(/^gate_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}$/);
  return secret;
}

async function signUp(page: Page): Promise<void> {
  const email = `keys-${Date.now()}@example.com`;
  await signUpInPage(page, { email, name: 'Kim Keys', org: 'Key Works' });
  await verifyInBrowser(page, server, email);
}

describe('API keys in the browser', () => {
  it('creates a key behind sudo, copies it, rotates it, finishes the rotation and deletes it', async () => {
    const context = await browser.newContext({
      baseURL: server.origin,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUp(page);

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByText('No API keys yet').waitFor();

    // Sign-up opened a sudo window; close it server-side so minting a key must ask for the password.
    await server.orm.em.fork().nativeUpdate(Session, {}, { sudoUntil: null });

    await page.getByRole('button', { name: 'Create API key' }).click();
    const create = page.getByRole('dialog', { name: 'Create API key' });
    await create.getByLabel('Name').fill('deploy-bot');
    await create.getByRole('checkbox', { name: 'profile:read' }).check();
    await create.getByLabel('Expires in').selectOption('90');
    await create.getByRole('button', { name: 'Create key' }).click();

    const sudo = page.getByRole('dialog', { name: 'Confirm your password' });
    await sudo.getByLabel('Password').fill('a long browser passphrase');
    await sudo.getByRole('button', { name: 'Confirm' }).click();

    const first = await revealedSecret(page);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    // A string, not a function: this package compiles without the DOM's types.
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(first);
    await page.getByText('API key created').waitFor();
    expect(await statusWith(first)).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText(first.slice(0, 13), { exact: true }).waitFor();
    expect(await page.getByRole('list', { name: 'Scopes of deploy-bot' }).innerText()).toBe('profile:read');

    await page.getByRole('button', { name: 'Rotate deploy-bot' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate deploy-bot' });
    expect(await rotate.getByRole('radio', { name: '24 hours' }).getAttribute('aria-checked')).toBe('true');
    await rotate.getByRole('button', { name: 'Rotate key' }).click();
    const second = await revealedSecret(page);
    expect(second).not.toBe(first);
    expect(second.slice(0, 13)).toBe(first.slice(0, 13));
    // Within the grace period both secrets work, so automation can switch over without downtime.
    expect(await statusWith(first)).toBe(200);
    expect(await statusWith(second)).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Previous secret valid until', { exact: false }).waitFor();

    // Finishing asks first (the old secret dies): cancelled, both secrets still work.
    await page.getByRole('button', { name: 'Finish rotation for deploy-bot' }).click();
    let finish = page.getByRole('dialog', { name: 'Finish rotating deploy-bot?' });
    await finish.getByText('The previous secret stops working now', { exact: false }).waitFor();
    await finish.getByRole('button', { name: 'Cancel' }).click();
    await finish.waitFor({ state: 'detached' });
    expect(await statusWith(first)).toBe(200);
    await page.getByRole('button', { name: 'Finish rotation for deploy-bot' }).click();
    finish = page.getByRole('dialog', { name: 'Finish rotating deploy-bot?' });
    await finish.getByRole('button', { name: 'End previous secret' }).click();
    await page.getByText('Rotation finished').waitFor();
    await page.getByText('Previous secret valid until', { exact: false }).waitFor({ state: 'detached' });
    expect(await statusWith(first)).toBe(401);
    expect(await statusWith(second)).toBe(200);

    await page.getByRole('button', { name: 'Delete deploy-bot' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete deploy-bot?' });
    await confirm.getByText('will stop working immediately', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await page.getByText('API key deleted').waitFor();
    await page.getByText('No API keys yet').waitFor();
    expect(await statusWith(second)).toBe(401);

    expect(problems).toEqual([]);
    await context.close();
  });
});
