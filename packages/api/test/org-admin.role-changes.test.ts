// Attack: keep admin rights after being demoted (through a session or a key minted earlier), or
// leave an organisation without any owner by demoting or removing owners, even concurrently.
import { AuditEvent, Membership, Notification, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, settledReasons, type Harness } from './harness.js';
import { joinOrg, keyOf, newOrg } from './org-admin.fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const roleOf = async (user: string) => (await h.orm.em.fork().findOneOrFail(Membership, { user })).role;
const owners = (orgId: string) => h.orm.em.fork().count(Membership, { organization: orgId, role: 'owner' });

describe('orgAdmin.members.setRole', () => {
  it('demoting an owner to member takes their admin rights away on the next request, sessions and keys alike', async () => {
    const boss = await newOrg(h);
    const demoted = await keyOf(h, boss.orgId, ['profile:read', 'org:read', 'org:write']);
    const session = demoted.browser;
    const key = demoted.client;
    expect((await session.call((c) => c.orgAdmin.members.list())).items.length).toBeGreaterThan(0);
    expect((await key.call((c) => c.orgAdmin.teams.create({ name: 'Made by key' }))).name).toBe('Made by key');

    const result = await boss.browser.call((c) => c.orgAdmin.members.setRole({ userId: demoted.userId, role: 'member' }));
    expect(result).toMatchObject({ userId: demoted.userId, role: 'member' });

    for (const client of [session, key]) {
      await expectFailure(client.call((c) => c.orgAdmin.members.list()), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
      await expectFailure(client.call((c) => c.orgAdmin.teams.create({ name: 'Not any more' })), {
        code: 'FORBIDDEN',
        reason: 'INSUFFICIENT_ROLE',
      });
      expect((await client.call((c) => c.me.get())).role).toBe('member');
    }

    // Promoted to admin: reading comes back at once, writing does not.
    await boss.browser.call((c) => c.orgAdmin.members.setRole({ userId: demoted.userId, role: 'admin' }));
    for (const client of [session, key]) {
      expect((await client.call((c) => c.orgAdmin.members.list())).items.length).toBeGreaterThan(0);
      await expectFailure(client.call((c) => c.orgAdmin.teams.create({ name: 'Still no' })), {
        code: 'FORBIDDEN',
        reason: 'INSUFFICIENT_ROLE',
      });
    }
  });

  it('tells the member, audits from → to, and changes nothing when the role is the same', async () => {
    const boss = await newOrg(h);
    const member = await joinOrg(h, boss.orgId, 'member');
    await boss.browser.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: 'admin' }));
    await boss.browser.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: 'admin' }));
    const em = h.orm.em.fork();
    const rows = await em.find(AuditEvent, { action: 'member.role_changed', targetId: member.userId });
    expect(rows.map((r) => [r.actorId, r.metadata])).toEqual([[boss.userId, { from: 'member', to: 'admin' }]]);
    const notes = await em.find(Notification, { user: member.userId, type: 'member.role_changed' });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ category: 'organization', title: 'Your role is now admin' });
  });

  it('refuses to demote the last owner (LAST_OWNER), themselves included', async () => {
    const solo = await newOrg(h);
    await joinOrg(h, solo.orgId, 'admin');
    await expectFailure(solo.browser.call((c) => c.orgAdmin.members.setRole({ userId: solo.userId, role: 'admin' })), {
      code: 'CONFLICT',
      reason: 'LAST_OWNER',
    });
    expect(await roleOf(solo.userId)).toBe('owner');

    // With a second owner, an owner may step down.
    const second = await joinOrg(h, solo.orgId, 'owner');
    await solo.browser.call((c) => c.orgAdmin.members.setRole({ userId: solo.userId, role: 'member' }));
    expect(await roleOf(solo.userId)).toBe('member');
    await expectFailure(second.browser.call((c) => c.orgAdmin.members.setRole({ userId: second.userId, role: 'member' })), {
      code: 'CONFLICT',
      reason: 'LAST_OWNER',
    });
  });

  it('two owners demoting each other at once: exactly one succeeds, one owner remains', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await newOrg(h);
      const b = await joinOrg(h, a.orgId, 'owner');
      const results = await Promise.allSettled([
        a.browser.call((c) => c.orgAdmin.members.setRole({ userId: b.userId, role: 'member' })),
        b.browser.call((c) => c.orgAdmin.members.setRole({ userId: a.userId, role: 'member' })),
      ]);
      const reasons = settledReasons(results).sort();
      // The loser either hits LAST_OWNER or, demoted first, no longer has the role to try.
      expect(reasons[0] === 'LAST_OWNER' || reasons[0] === 'INSUFFICIENT_ROLE').toBe(true);
      expect(reasons[1]).toBe('ok');
      expect(await owners(a.orgId)).toBe(1);
    }
  });
});

describe('orgAdmin.members.remove', () => {
  it('lets one owner remove another; never the caller themselves, so an owner always remains', async () => {
    const org = await newOrg(h);
    const refusedSelf = { code: 'BAD_REQUEST', reason: 'VALIDATION' } as const;
    await expectFailure(org.browser.call((c) => c.orgAdmin.members.remove({ userId: org.userId })), refusedSelf);
    const other = await joinOrg(h, org.orgId, 'owner');
    await other.browser.call((c) => c.orgAdmin.members.remove({ userId: org.userId }));
    expect(await h.orm.em.fork().count(User, { id: org.userId })).toBe(0);
    // Their session died with the account.
    await expectFailure(org.browser.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(other.browser.call((c) => c.orgAdmin.members.remove({ userId: other.userId })), refusedSelf);
    expect(await owners(org.orgId)).toBe(1);
  });

  it('two owners removing each other at once: one owner always remains', async () => {
    const a = await newOrg(h);
    const b = await joinOrg(h, a.orgId, 'owner');
    const results = await Promise.allSettled([
      a.browser.call((c) => c.orgAdmin.members.remove({ userId: b.userId })),
      b.browser.call((c) => c.orgAdmin.members.remove({ userId: a.userId })),
    ]);
    expect(settledReasons(results).filter((r) => r === 'ok')).toHaveLength(1);
    expect(await owners(a.orgId)).toBe(1);
  });
});
