// At phone width (390 px) the navigation is a menu: a header button opens a panel listing every
// page with the current one visible and marked; picking a page goes there and closes it; Escape
// closes it and gives focus back to the button. No sideways strip.
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

describe('phone menu', () => {
  it('opens a navigation panel at 390x844 with the current page in view, navigates, and closes on Escape', async () => {
    const context = await browser.newContext({ baseURL: server.origin, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    await signUpInPage(page, { email: `phone-${Date.now()}@example.com`, name: 'Pat Phone', org: 'Pocket Co', password: PASSWORD });

    // No navigation on the page itself, and nothing wider than the screen.
    expect(await page.getByRole('navigation', { name: 'Settings' }).count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    const menuButton = page.getByRole('button', { name: 'Open menu' });
    await menuButton.click();
    const menu = page.getByRole('dialog', { name: 'Menu' });
    const nav = menu.getByRole('navigation', { name: 'Settings' });
    const current = nav.locator('a[aria-current="page"]');
    expect(await current.textContent()).toBe('Profile');
    expect(await current.isVisible()).toBe(true);
    const box = (await current.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // Every page is in the panel, the admin ones too (the owner's).
    for (const name of ['Security', 'Notifications', 'API keys', 'Members', 'Audit log']) {
      expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }

    // Escape closes it and focus goes back to the button.
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Open menu');

    // Picking a page goes there and closes the panel; the new page is the one marked.
    await menuButton.click();
    await nav.getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await menu.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/security');
    await menuButton.click();
    expect(await nav.locator('a[aria-current="page"]').textContent()).toBe('Security');
    expect(problems).toEqual([]);
    await context.close();
  });
});
