// Time zone and locale are chosen from lists, not typed: a typo can't be saved, and what is
// saved is what the server stores.
import { User } from '@gatehouse/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../scim-client.js';
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

describe('profile pickers', () => {
  it('picks a time zone and a locale from lists, and the server stores them', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    const email = `pickers-${Date.now()}@example.com`;
    await signUpInPage(page, { email, name: 'Pia Picker', org: 'Zones Ltd', password: PASSWORD });

    const zone = page.getByRole('combobox', { name: 'Time zone' });
    const locale = page.getByRole('combobox', { name: 'Locale' });
    // Real lists: every zone the browser knows (grouped by region), and locales named in words.
    expect(await zone.locator('option').count()).toBeGreaterThan(300);
    expect(await zone.locator('optgroup[label="Europe"] option[value="Europe/Paris"]').textContent()).toBe('Paris');
    expect(await locale.locator('option[value="en-GB"]').textContent()).toBe('British English · en-GB');

    await zone.selectOption('Pacific/Auckland');
    await locale.selectOption('fr-CA');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Profile saved').waitFor();
    const row = await server.orm.em.fork().findOneOrFail(User, { email });
    expect({ timezone: row.timezone, locale: row.locale }).toEqual({ timezone: 'Pacific/Auckland', locale: 'fr-CA' });

    await page.reload();
    await expect.poll(() => zone.inputValue()).toBe('Pacific/Auckland');
    expect(await locale.inputValue()).toBe('fr-CA');
    expect(problems).toEqual([]);
    await context.close();
  });
});
