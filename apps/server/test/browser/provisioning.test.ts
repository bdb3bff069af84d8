// Credentials that belong to the organisation, made in a real browser: a SCIM token an identity
// provider then uses, and a service account whose new key acts as the service account.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, scimCall, trpc, uniqueEmail } from '../scim-client.js';
import { verifyInBrowser } from '../mailed-link.js';
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

describe('provisioning and service accounts in the browser', () => {
  it('creates a SCIM token and a service-account key, each shown once and working at once', async () => {
    const context = await browser.newContext({ baseURL: server.origin, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    // A signed-out page learns it is signed out from me.get.
    const problems = collectProblems(page, { 401: ['me.get'] });
    const ownerEmail = uniqueEmail('prov');
    await signUpInPage(page, { email: ownerEmail, name: 'Pat Owner', org: 'Provisioned', password: PASSWORD });
    await verifyInBrowser(page, server, ownerEmail);

    // A SCIM token.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Provisioning', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Provisioning' }).waitFor();
    expect(await page.getByLabel('SCIM base URL').inputValue()).toBe(`${server.origin}/scim/v2`);
    await page.getByText('No SCIM tokens yet').waitFor();
    await page.getByRole('button', { name: 'Create SCIM token' }).click();
    let dialog = page.getByRole('dialog', { name: 'Create SCIM token' });
    await dialog.getByLabel('Name').fill('Okta');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy your SCIM token' });
    const token = await shown.getByLabel('SCIM token').inputValue();
    expect(token).toMatch(/^gscim_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}$/);
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'SCIM tokens' }).getByText('Okta').waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    const users = await scimCall<{ totalResults: number }>(server, token, 'GET', '/Users');
    expect(users.status).toBe(200);
    expect(users.body.totalResults).toBe(1);

    // A service account, from the members list's own tab, and a key for it.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Members', exact: true }).click();
    await page.getByRole('tab', { name: 'Service accounts' }).click();
    await page.getByText('No service accounts yet').waitFor();
    await page.getByRole('button', { name: 'Create service account' }).click();
    dialog = page.getByRole('dialog', { name: 'Create service account' });
    await dialog.getByLabel('Name').fill('deploy-bot');
    await dialog.getByRole('button', { name: 'Create service account' }).click();
    await page.getByRole('heading', { level: 1, name: 'deploy-bot' }).waitFor();
    await page.getByText('deploy-bot has no API keys.').waitFor();
    await page.getByRole('button', { name: 'Create key' }).click();
    dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByText('The key acts as deploy-bot').waitFor();
    await dialog.getByLabel('Name').fill('ci');
    await dialog.getByRole('checkbox', { name: 'profile:read' }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByRole('dialog', { name: 'Copy your new API key' }).getByLabel('API key').inputValue();
    expect(secret).toMatch(/^gate_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('list', { name: 'API keys of deploy-bot' }).getByRole('heading', { name: 'ci' }).waitFor();
    const me = await trpc<{ via: string; displayName: string }>(server, 'me.get', undefined, { bearer: secret }, 'query');
    expect(me.data).toMatchObject({ via: 'serviceAccount', displayName: 'deploy-bot' });

    // Back in the list, it is there, apart from the people.
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await page.getByRole('table', { name: 'Service accounts' }).getByRole('link', { name: 'deploy-bot' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
