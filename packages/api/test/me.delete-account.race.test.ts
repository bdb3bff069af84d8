// Attack: call me.deleteAccount from two sessions of one account at once, hoping the loser's
// erasure runs on half-deleted rows: a 500, a second erasure, or an organisation left behind.
import { AuditEvent, Membership, Organization, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createHarness, settledReasons, type Browser, type Harness } from './harness.js';
import { joinOrg, newOrg, orgOf } from './org-admin.fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { deletion: { points: 100, durationSeconds: 3600 } } });
});
afterAll(() => h.close());

/** A second signed-in session of the same account. */
async function secondSession(email: string): Promise<Browser> {
  const browser = h.browser();
  await browser.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
  return browser;
}

async function deleteTwice(a: Browser, b: Browser) {
  return settledReasons(
    await Promise.allSettled([a, b].map((browser) => browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD })))),
  );
}

describe('two parallel me.deleteAccount calls from two sessions', () => {
  it('the sole member: one erases the account and its organisation, the other is a clean refusal', async () => {
    const accounts = await Promise.all([1, 2, 3].map(() => newOrg(h, 'Alone')));
    for (const account of accounts) {
      const other = await secondSession(account.email);
      const reasons = await deleteTwice(account.browser, other);
      expect(reasons.sort()).toEqual(['SESSION_REQUIRED', 'ok']);
      const em = h.orm.em.fork();
      expect(await em.count(User, { id: account.userId })).toBe(0);
      expect(await em.count(Organization, { id: account.orgId })).toBe(0);
      expect(await em.count(AuditEvent, { orgId: account.orgId, action: 'user.deleted' })).toBe(1);
    }
  });

  it('a member of a larger organisation: one erasure, one refusal, the organisation stays', async () => {
    const owner = await newOrg(h, 'Crowd');
    for (let i = 0; i < 3; i++) {
      const member = await joinOrg(h, owner.orgId, 'member');
      const other = await secondSession(member.email);
      const reasons = await deleteTwice(member.browser, other);
      expect(reasons.sort()).toEqual(['SESSION_REQUIRED', 'ok']);
      const em = h.orm.em.fork();
      expect(await em.count(User, { id: member.userId })).toBe(0);
      expect(await em.count(Membership, { user: member.userId })).toBe(0);
    }
    const em = h.orm.em.fork();
    expect(await orgOf(h, owner.userId)).toBe(owner.orgId);
    expect(await em.count(AuditEvent, { orgId: owner.orgId, action: 'user.deleted' })).toBe(3);
  });
});
