// Attack: probe for rights — another role's procedures, a key's missing scopes, cross-site posts,
// a key where a session is needed — and hammer the rate limits, leaving no trace in the audit log;
// or, once refusals are logged, flood the log itself with them.
import { AuditEvent } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, settledReasons, uniqueEmail, type Harness } from './harness.js';
import { joinOrg, keyOf, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness({ limits: { signIn: { points: 2, durationSeconds: 900 } } });
  owner = await newOrg(h, 'Watched');
});
afterAll(() => h.close());

const denials = (where: Record<string, unknown>) =>
  h.orm.em.fork().find(AuditEvent, { action: { $like: 'security.%' }, ...where }, { orderBy: { id: 'asc' } });

describe('refused requests in the audit log', () => {
  it('record a member probing an owner procedure (INSUFFICIENT_ROLE) against them, in their organisation’s log', async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    await expectFailure(member.browser.call((c) => c.orgAdmin.members.setRole({ userId: owner.userId, role: 'member' })), {
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_ROLE',
    });
    const rows = await denials({ actorId: member.userId });
    expect(rows.map((r) => ({ action: r.action, orgId: r.orgId, via: r.via, metadata: r.metadata }))).toEqual([
      {
        action: 'security.access_denied',
        orgId: owner.orgId,
        via: 'session',
        metadata: { reason: 'INSUFFICIENT_ROLE', operation: 'orgAdmin.members.setRole' },
      },
    ]);
    expect(rows[0]!.ip).toBe(member.browser.request.ip);
    // Owners find it with the other security events.
    const { items } = await owner.browser.call((c) => c.orgAdmin.audit.list({ action: 'security.' }));
    expect(items.map((i) => i.actorId)).toContain(member.userId);
  });

  it('record a key used beyond its scopes (INSUFFICIENT_SCOPE) and where a session is needed (SESSION_REQUIRED)', async () => {
    const key = await keyOf(h, owner.orgId, ['profile:read']);
    await expectFailure(key.client.call((c) => c.orgAdmin.members.list({})), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    await expectFailure(key.client.call((c) => c.me.apiKeys.create({ name: 'more', scopes: ['org:write'], expiresInDays: 1 })), {
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
    const rows = await denials({ actorId: key.userId });
    expect(rows.map((r) => [r.via, (r.metadata as { reason: string }).reason])).toEqual([
      ['apiKey', 'INSUFFICIENT_SCOPE'],
      ['apiKey', 'SESSION_REQUIRED'],
    ]);
  });

  it('record a cross-site post (INVALID_ORIGIN) and a sign-in past its limit (RATE_LIMITED) by address when nobody is known', async () => {
    const evil = h.browser({ ip: '203.0.113.50', origin: 'https://evil.example' });
    await expectFailure(evil.call((c) => c.auth.signIn({ email: owner.email, password: 'whatever whatever' })), {
      code: 'FORBIDDEN',
      reason: 'INVALID_ORIGIN',
    });
    const guesser = h.browser({ ip: '203.0.113.51' });
    const email = uniqueEmail('target');
    for (let i = 0; i < 2; i++) await guesser.call((c) => c.auth.signIn({ email, password: 'guess guess guess' })).catch(() => {});
    await expectFailure(guesser.call((c) => c.auth.signIn({ email, password: 'guess guess guess' })), {
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });
    const rows = await denials({ ip: { $in: ['203.0.113.50', '203.0.113.51'] } });
    expect(rows.map((r) => ({ action: r.action, actorId: r.actorId, orgId: r.orgId, ip: r.ip, metadata: r.metadata }))).toEqual([
      { action: 'security.access_denied', actorId: null, orgId: null, ip: '203.0.113.50', metadata: { reason: 'INVALID_ORIGIN', operation: 'auth.signIn' } },
      { action: 'security.rate_limited', actorId: null, orgId: null, ip: '203.0.113.51', metadata: { reason: 'RATE_LIMITED', operation: 'auth.signIn' } },
    ]);
    // Neither the password nor the email is in them.
    expect(JSON.stringify(rows)).not.toMatch(/guess guess|whatever whatever/);
    expect(JSON.stringify(rows)).not.toContain(email);
  });

  it('write one row per actor and reason a minute, however many refusals arrive at once', async () => {
    const prober = await joinOrg(h, owner.orgId, 'member');
    const other = await joinOrg(h, owner.orgId, 'member');
    const probe = (account: Account) => account.browser.call((c) => c.orgAdmin.members.remove({ userId: owner.userId }));
    const flood = await Promise.allSettled(Array.from({ length: 30 }, () => probe(prober)));
    expect(settledReasons(flood)).toEqual(Array<string>(30).fill('INSUFFICIENT_ROLE'));
    for (let i = 0; i < 5; i++) await probe(other).catch(() => {});
    // A second reason from the same actor is its own row.
    await expectFailure(prober.browser.call((c) => c.orgAdmin.members.list({}), { origin: 'https://evil.example' }), {
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_ROLE',
    });
    await h.orm.em.fork().nativeUpdate('Session', { user: prober.userId }, { sudoUntil: null });
    for (let i = 0; i < 3; i++) {
      await expectFailure(prober.browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:read'], expiresInDays: 1 })), {
        code: 'FORBIDDEN',
        reason: 'SUDO_REQUIRED',
      });
    }
    expect((await denials({ actorId: prober.userId })).map((r) => (r.metadata as { reason: string }).reason)).toEqual([
      'INSUFFICIENT_ROLE',
      'SUDO_REQUIRED',
    ]);
    expect(await denials({ actorId: other.userId })).toHaveLength(1);
    // Anonymous refusals are told apart by address.
    const anon = await Promise.allSettled(
      ['198.51.100.61', '198.51.100.61', '198.51.100.62'].map((ip) =>
        h.browser({ ip, origin: null }).call((c) => c.auth.signIn({ email: uniqueEmail('x'), password: 'no origin at all' })),
      ),
    );
    expect(settledReasons(anon)).toEqual(['INVALID_ORIGIN', 'INVALID_ORIGIN', 'INVALID_ORIGIN']);
    expect((await denials({ ip: { $in: ['198.51.100.61', '198.51.100.62'] } })).map((r) => r.ip).sort()).toEqual([
      '198.51.100.61',
      '198.51.100.62',
    ]);
  });

  it('record again once the minute is over', async () => {
    const h2 = await createHarness({ limits: { denialAudit: { points: 1, durationSeconds: 2 } } });
    try {
      const o = await newOrg(h2, 'Short window');
      const member = await joinOrg(h2, o.orgId, 'member');
      const probe = () => member.browser.call((c) => c.orgAdmin.teams.create({ name: 'nope' })).catch(() => {});
      await Promise.all(Array.from({ length: 10 }, probe));
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      await Promise.all(Array.from({ length: 10 }, probe));
      expect(await h2.orm.em.fork().count(AuditEvent, { action: 'security.access_denied', actorId: member.userId })).toBe(2);
    } finally {
      await h2.close();
    }
  });
});
