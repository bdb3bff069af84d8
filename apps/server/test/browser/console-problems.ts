import type { Page } from 'playwright-core';

/** Refusals a test provokes on purpose: HTTP status → the procedures allowed to answer it. */
export type ExpectedRefusals = Record<number, string[]>;

/**
 * Collects page errors and console errors, except the refusals the test expects (the browser
 * logs every non-2xx response): the test ends by asserting the list is empty.
 */
export function collectProblems(page: Page, expected: ExpectedRefusals): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const { pathname } = new URL(m.location().url || 'about:blank');
    // A batched call's path lists every procedure in it: each must be one we expect to refuse.
    const procedures = pathname.startsWith('/trpc/') ? pathname.slice('/trpc/'.length).split(',') : [];
    const status = Number(/status of (\d{3})/.exec(m.text())?.[1]);
    const allowed = expected[status] ?? [];
    if (procedures.length === 0 || !procedures.every((p) => allowed.includes(p))) {
      problems.push(`console: ${m.text()} @ ${m.location().url}`);
    }
  });
  return problems;
}
