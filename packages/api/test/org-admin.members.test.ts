// Attack: use the admin surface to change more than the org-managed attributes, to read key
// secrets, or to remove a member without erasing their sessions and keys.
import { ApiKey, AuditEvent, Membership, Notification, Session, TeamMember, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { joinOrg, keyOf, makeTeam, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
let admin: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Members Org');
  admin = await joinOrg(h, owner.orgId, 'admin');
});
afterAll(() => h.close());

describe('orgAdmin.members.get / update', () => {
  it('shows a member with their teams, to admins too', async () => {
    const member = await joinOrg(h, owner.orgId, 'member', { displayName: 'Mia' });
    const teamId = await makeTeam(h, owner.orgId, 'Ops', [member.userId]);
    const view = await admin.browser.call((c) => c.orgAdmin.members.get({ userId: member.userId }));
    expect(view).toEqual({
      userId: member.userId,
      email: member.email,
      displayName: 'Mia',
      jobTitle: null,
      department: null,
      role: 'member',
      joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      teams: [{ id: teamId, name: 'Ops' }],
      mfaEnabled: false,
    });
  });

  it('updates only display name, job title and department, and audits which fields changed', async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    const input = {
      userId: member.userId,
      displayName: '  Mia Rossi ',
      jobTitle: 'Engineer',
      department: 'R&D',
      // Smuggled fields are stripped by the schema, never applied.
      email: 'hijack@example.com',
      role: 'owner',
      phone: '+1 555 0100',
    };
    const updated = await owner.browser.call((c) => c.orgAdmin.members.update(input));
    expect(updated).toMatchObject({ displayName: 'Mia Rossi', jobTitle: 'Engineer', department: 'R&D', role: 'member', email: member.email });
    const user = await h.orm.em.fork().findOneOrFail(User, { id: member.userId });
    expect(user.phone ?? null).toBeNull();
    const audit = await h.orm.em.fork().find(AuditEvent, { action: 'member.updated', targetId: member.userId });
    expect(audit.map((a) => a.metadata)).toEqual([{ fields: ['displayName', 'jobTitle', 'department'] }]);

    // Empty strings (or null) clear the optional attributes.
    const cleared = await owner.browser.call((c) =>
      c.orgAdmin.members.update({ userId: member.userId, jobTitle: '', department: null }),
    );
    expect(cleared).toMatchObject({ jobTitle: null, department: null });
    await expectFailure(owner.browser.call((c) => c.orgAdmin.members.update({ userId: member.userId, displayName: ' ' })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
  });

  it('me.get shows the caller’s real teams', async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    const b = await makeTeam(h, owner.orgId, 'Beta', [member.userId]);
    const a = await makeTeam(h, owner.orgId, 'Alpha', [member.userId]);
    expect((await member.browser.call((c) => c.me.get())).teams).toEqual([
      { id: a, name: 'Alpha' },
      { id: b, name: 'Beta' },
    ]);
  });
});

describe('orgAdmin.members.remove', () => {
  it('erases the member: account, sessions, keys and team places go; the audit keeps an opaque id', async () => {
    const member = await keyOf(h, owner.orgId, ['profile:read'], 'member');
    await makeTeam(h, owner.orgId, 'Leavers', [member.userId]);
    await owner.browser.call((c) => c.orgAdmin.members.remove({ userId: member.userId }));

    const em = h.orm.em.fork();
    for (const [entity, where] of [
      [User, { id: member.userId }],
      [Membership, { user: member.userId }],
      [Session, { user: member.userId }],
      [ApiKey, { user: member.userId }],
      [TeamMember, { user: member.userId }],
    ] as const) {
      expect(await em.count(entity as typeof User, where as object)).toBe(0);
    }
    await expectFailure(member.browser.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(member.client.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });
    const [row] = await em.find(AuditEvent, { action: 'member.removed', actorId: owner.userId });
    expect(row!.targetId).toMatch(/^erased-/);
    await expectFailure(owner.browser.call((c) => c.orgAdmin.members.get({ userId: member.userId })), {
      code: 'NOT_FOUND',
      reason: null,
    });
  });

  it('refuses a role that does not exist (VALIDATION) and changes nothing', async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    await expectFailure(
      owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: 'superadmin' as 'owner' })),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    expect((await member.browser.call((c) => c.me.get())).role).toBe('member');
  });

  it('never removes the caller themselves, by session or by org:write key, even with another owner left', async () => {
    const coOwner = await keyOf(h, owner.orgId, ['org:read', 'org:write']);
    const refused = { code: 'BAD_REQUEST', reason: 'VALIDATION' } as const;
    await expectFailure(coOwner.browser.call((c) => c.orgAdmin.members.remove({ userId: coOwner.userId })), refused);
    await expectFailure(coOwner.client.call((c) => c.orgAdmin.members.remove({ userId: coOwner.userId })), refused);
    expect(await h.orm.em.fork().count(User, { id: coOwner.userId })).toBe(1);
    expect((await coOwner.browser.call((c) => c.me.get())).role).toBe('owner');
  });
});

describe('orgAdmin.apiKeys', () => {
  it('lists a member’s key metadata, never a secret or hash', async () => {
    const member = await keyOf(h, owner.orgId, ['profile:read'], 'member');
    const keys = await admin.browser.call((c) => c.orgAdmin.apiKeys.list({ userId: member.userId }));
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(
      ['createdAt', 'expired', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'previousSecretExpiresAt', 'scopes'].sort(),
    );
    expect(JSON.stringify(keys)).not.toContain(member.secret);
    expect(member.secret.startsWith(`${keys[0]!.prefix}_`)).toBe(true);
  });

  it('an owner deletes a member’s key: revoked at once, audited, and the member is told', async () => {
    const member = await keyOf(h, owner.orgId, ['profile:read'], 'member');
    await owner.browser.call((c) => c.orgAdmin.apiKeys.delete({ keyId: member.keyId }));
    await expectFailure(member.client.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });
    const em = h.orm.em.fork();
    const [row] = await em.find(AuditEvent, { action: 'api_key.deleted', targetId: member.keyId });
    expect(row).toMatchObject({ actorId: owner.userId, orgId: owner.orgId });
    expect(JSON.stringify(row!.metadata)).not.toContain(member.secret);
    const notes = await em.find(Notification, { user: member.userId, category: 'api_keys', type: 'api_key.deleted' });
    expect(notes).toHaveLength(1);
    await expectFailure(owner.browser.call((c) => c.orgAdmin.apiKeys.delete({ keyId: member.keyId })), {
      code: 'NOT_FOUND',
      reason: null,
    });
  });
});
