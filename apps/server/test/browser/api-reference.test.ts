// The API reference page talks to this server only: Scalar's bundle names web fonts on its own
// CDN, which the CSP would refuse with a console error each, so the server serves it without them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('the API reference page', () => {
  it('renders the operations from this server without a request to any other origin', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, {});
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== server.origin) elsewhere.push(request.url());
    });

    await page.goto('/api/reference');
    await page.getByText('One agent you can see', { exact: false }).first().waitFor({ timeout: 30_000 });
    // One reference, not a second copy stuck loading above it; and no AI agent, which would
    // upload the API description to Scalar's servers.
    expect(await page.getByRole('heading', { name: 'Gatehouse API', exact: true }).count()).toBe(1);
    expect(await page.getByText('Generate SDKs & MCP').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ask AI' }).count()).toBe(0);
    await page.waitForLoadState('networkidle');

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
