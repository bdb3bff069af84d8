// Attack: send valid input at every schema maximum (a 254-character email, a long forwarded
// address, 2- and 4-byte characters) where a database column is narrower than the schema, and get a 500.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createHarness, type Browser, type Harness } from './harness.js';
import { UNLIMITED, buildWorld, longEmail, maxInput, type Alphabet, type World } from './input-world.js';
import { orgOf, type Account } from './org-admin.fixtures.js';
import { appProcedures, callPath } from './procedure-inputs.js';

/** What a proxy may put in X-Forwarded-For: nothing bounds it to an address's 45 characters. */
const LONG_IP = `2001:db8:${'ffff:'.repeat(60)}1`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: UNLIMITED });
});
afterAll(() => h.close());

async function ownerFromLongIp(): Promise<Account> {
  const browser = h.browser({ ip: LONG_IP });
  const email = longEmail();
  const { userId } = await browser.call((c) =>
    c.auth.signUp({ email, password: STRONG_PASSWORD, displayName: 'Max', orgName: 'o'.repeat(120) }),
  );
  // Proven, as the world's keys and invitation need.
  const token = await h.mailedToken(email, '/verify-email/');
  await browser.call((c) => c.auth.verifyEmail({ token }));
  return { browser, userId, email, orgId: await orgOf(h, userId) };
}

/** A call's failure, when it is a server error (5xx): the thing this file proves never happens. */
function serverError(result: PromiseSettledResult<unknown>): string | null {
  if (result.status === 'fulfilled') return null;
  const error = result.reason as unknown;
  if (!(error instanceof TRPCError)) return `not a TRPCError: ${String(error)}`;
  if (getHTTPStatusCodeFromError(error) < 500) return null;
  return `${error.code}: ${error.message} (${error.cause instanceof Error ? error.cause.message : 'no cause'})`;
}

const VARIANTS: { alphabet: Alphabet; realIds: boolean }[] = [
  { alphabet: 'ascii', realIds: false },
  { alphabet: 'ascii', realIds: true },
  { alphabet: 'two-byte', realIds: true },
  { alphabet: 'four-byte', realIds: true },
];

describe('every procedure, every field at its schema maximum, from a long forwarded address', () => {
  it.each(appProcedures().map((p) => [p.path, p] as const))('%s: no 5xx', async (path, { schema }) => {
    const world: World = await buildWorld(h, await ownerFromLongIp());
    const failures: string[] = [];
    for (const { alphabet, realIds } of VARIANTS) {
      const input = schema ? maxInput(schema, { alphabet, world: realIds ? world : null, path }) : undefined;
      const browser: Browser = path.startsWith('auth.') && path !== 'auth.signOut' ? h.browser({ ip: LONG_IP }) : world.owner.browser;
      const [result] = await Promise.allSettled([browser.call((c) => callPath(c, path, input))]);
      const failure = serverError(result);
      if (failure) failures.push(`${alphabet}${realIds ? ' (real ids)' : ''}: ${failure}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the longest valid email', () => {
  it('signs up, then signs in, from a long forwarded address', async () => {
    const email = longEmail(254);
    const browser = h.browser({ ip: LONG_IP });
    await browser.call((c) => c.auth.signUp({ email, password: STRONG_PASSWORD, displayName: 'Long', orgName: 'Long' }));
    const again = h.browser({ ip: LONG_IP });
    const { userId } = await again.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    expect((await again.call((c) => c.me.get())).id).toBe(userId);
  });
});
