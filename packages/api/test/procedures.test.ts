// The procedure builders themselves: what each lets through and what it stops.
import { Membership } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../src/context.js';
import { permissionProcedure, sudoProcedure } from '../src/procedures.js';
import { createCallerFactory, router } from '../src/trpc.js';
import { Session } from '@gatehouse/db';
import { hashToken } from '../src/auth/sessions.js';
import { createHarness, expectFailure, type Browser, type Harness } from './harness.js';

const probe = router({
  orgRead: permissionProcedure('org:read').query(({ ctx }) => ctx.principal.role),
  orgWrite: permissionProcedure('org:write').mutation(({ ctx }) => ctx.principal.role),
  sensitive: sudoProcedure.mutation(({ ctx }) => ctx.sudoUntil.toISOString()),
});
const createProbe = createCallerFactory(probe);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function callProbe(browser: Browser) {
  return createProbe(
    createContextInner({
      orm: h.orm,
      config: h.config,
      rateLimits: h.rateLimits,
      request: { origin: h.config.appOrigin, cookieHeader: browser.cookieHeader },
    }),
  );
}

async function withRole(role: 'owner' | 'admin' | 'member') {
  const account = await h.signUp();
  await h.orm.em.fork().nativeUpdate(Membership, { user: account.userId }, { role });
  return account;
}

describe('permissionProcedure (org role builder)', () => {
  it('lets an owner read and write', async () => {
    const { browser } = await withRole('owner');
    expect(await callProbe(browser).orgRead()).toBe('owner');
    expect(await callProbe(browser).orgWrite()).toBe('owner');
  });

  it('lets an admin read but not write', async () => {
    const { browser } = await withRole('admin');
    expect(await callProbe(browser).orgRead()).toBe('admin');
    await expectFailure(callProbe(browser).orgWrite(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
  });

  it('stops a member from both, and applies a role change on the very next request', async () => {
    const { browser, userId } = await withRole('member');
    await expectFailure(callProbe(browser).orgRead(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await h.orm.em.fork().nativeUpdate(Membership, { user: userId }, { role: 'admin' });
    expect(await callProbe(browser).orgRead()).toBe('admin');
  });

  it('stops anonymous callers', async () => {
    await expectFailure(callProbe(h.browser()).orgRead(), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});

describe('sudoProcedure', () => {
  it('runs inside the window and refuses outside it', async () => {
    const { browser } = await h.signUp();
    expect(await callProbe(browser).sensitive()).toMatch(/^\d{4}-/);
    await h.orm.em
      .fork()
      .nativeUpdate(Session, { tokenHash: hashToken(browser.cookie!) }, { sudoUntil: new Date(Date.now() - 1000) });
    await expectFailure(callProbe(browser).sensitive(), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
  });
});
