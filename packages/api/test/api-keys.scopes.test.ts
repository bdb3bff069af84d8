// Attack: use a leaked key beyond its scopes, beyond its owner's current role, or to reach
// session-only operations (sudo, key management, sign-out).
import { Agent, Membership, Team, newId } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../src/domain/permissions.js';
import { createHarness, expectFailure, type Browser, type Harness } from './harness.js';
import { makeAgent, makeTeam, orgOf } from './org-admin.fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function keyWith(scopes: Scope[], role: 'owner' | 'admin' | 'member' = 'owner') {
  const account = await h.signUp();
  const { secret, key } = await account.browser.call((c) =>
    c.me.apiKeys.create({ name: scopes.join(' '), scopes, expiresInDays: 7 }),
  );
  if (role !== 'owner') await h.orm.em.fork().nativeUpdate(Membership, { user: account.userId }, { role });
  return { ...account, secret, key, orgId: await orgOf(h, account.userId), client: h.keyClient(secret) };
}

// The real org and agents procedures, one per permission, each returning what proves it ran.
const teamsIn = (orgId: string) => h.orm.em.fork().find(Team, { organization: orgId }, { orderBy: { name: 'asc' } });
const readMembers = (client: Browser) => client.call((c) => c.orgAdmin.members.list());
const createTeam = (client: Browser) => client.call((c) => c.orgAdmin.teams.create({ name: `Scripted ${newId()}` }));
const listAgents = (client: Browser) => client.call((c) => c.agents.list());
const insufficientScope = { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' } as const;
const insufficientRole = { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' } as const;

describe('API key scopes', () => {
  it('profile:read reads the profile and nothing else', async () => {
    const { client, userId } = await keyWith(['profile:read']);
    const me = await client.call((c) => c.me.get());
    expect(me).toMatchObject({ id: userId, via: 'apiKey', permissions: ['profile:read'] });
    await expectFailure(client.call((c) => c.me.updateProfile({ displayName: 'x' })), {
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_SCOPE',
    });
    await expectFailure(readMembers(client), insufficientScope);
    await expectFailure(listAgents(client), insufficientScope);
    // Notifications: reading is profile:read, changing preferences or marking read is profile:write.
    expect((await client.call((c) => c.me.notifications.preferences())).map((p) => p.category).sort()).toEqual([
      'api_keys',
      'organization',
      'product',
      'security',
      'teams',
    ]);
    const { items } = await client.call((c) => c.me.notifications.list({}));
    expect(items.map((n) => n.title)).toContain('API key "profile:read" created');
    const before = await client.call((c) => c.me.notifications.preferences());
    for (const call of [
      () => client.call((c) => c.me.notifications.updatePreferences({ preferences: [{ category: 'product', email: true, inApp: true }] })),
      () => client.call((c) => c.me.notifications.markRead({ all: true })),
    ]) {
      await expectFailure(call(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    }
    expect(await client.call((c) => c.me.notifications.preferences())).toEqual(before);
  });

  it('profile:write updates the profile but cannot read it', async () => {
    const { client } = await keyWith(['profile:write']);
    await expectFailure(client.call((c) => c.me.get()), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    const updated = await client.call((c) => c.me.updateProfile({ displayName: 'Scripted' }));
    expect(updated.displayName).toBe('Scripted');
    await expectFailure(client.call((c) => c.me.notifications.preferences()), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    await expectFailure(client.call((c) => c.me.notifications.list({})), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    // Allowed: it marks the one unread notification, the key's own creation.
    expect(await client.call((c) => c.me.notifications.markRead({ all: true }))).toEqual({ marked: 1 });
  });

  it('each org and agents scope allows exactly its own procedures', async () => {
    const reader = await keyWith(['org:read']);
    const members = await readMembers(reader.client);
    expect(members.items.map((m) => ({ userId: m.userId, email: m.email, role: m.role }))).toEqual([
      { userId: reader.userId, email: reader.email, role: 'owner' },
    ]);
    await expectFailure(createTeam(reader.client), insufficientScope);
    await expectFailure(listAgents(reader.client), insufficientScope);
    expect(await teamsIn(reader.orgId)).toEqual([]);

    const writer = await keyWith(['org:write']);
    const team = await createTeam(writer.client);
    expect((await teamsIn(writer.orgId)).map((t) => ({ id: t.id, name: t.name }))).toEqual([{ id: team.id, name: team.name }]);
    await expectFailure(readMembers(writer.client), insufficientScope);
    await expectFailure(listAgents(writer.client), insufficientScope);

    const agents = await keyWith(['agents:read']);
    const agentId = await makeAgent(h, agents.orgId, await makeTeam(h, agents.orgId, 'Robots'), 'Sorter');
    expect((await listAgents(agents.client)).map((a) => ({ id: a.id, name: a.name, team: a.team.name }))).toEqual([
      { id: agentId, name: 'Sorter', team: 'Robots' },
    ]);
    await expectFailure(readMembers(agents.client), insufficientScope);
    await expectFailure(createTeam(agents.client), insufficientScope);
    await expectFailure(agents.client.call((c) => c.me.get()), insufficientScope);
    expect((await teamsIn(agents.orgId)).map((t) => t.name)).toEqual(['Robots']);
    expect(await h.orm.em.fork().count(Agent, { organization: agents.orgId })).toBe(1);
  });

  it('never exceed the owner’s current role: demoting the owner takes org rights away on the next request', async () => {
    const { userId, orgId, client } = await keyWith(['profile:read', 'org:read', 'org:write']);
    await createTeam(client);
    expect((await readMembers(client)).items.map((m) => m.userId)).toEqual([userId]);
    await h.orm.em.fork().nativeUpdate(Membership, { user: userId }, { role: 'member' });
    await expectFailure(readMembers(client), insufficientRole);
    await expectFailure(createTeam(client), insufficientRole);
    expect(await teamsIn(orgId)).toHaveLength(1);
    expect((await client.call((c) => c.me.get())).permissions).toEqual(['profile:read']);
  });

  it('cannot be created with scopes beyond the creator’s role', async () => {
    const member = await h.signUp();
    await h.orm.em.fork().nativeUpdate(Membership, { user: member.userId }, { role: 'member' });
    await expectFailure(
      member.browser.call((c) => c.me.apiKeys.create({ name: 'escalate', scopes: ['org:read'], expiresInDays: 1 })),
      { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' },
    );
    expect(await member.browser.call((c) => c.me.apiKeys.list())).toEqual([]);
  });

  it('can never enter sudo, manage keys or sessions, change the password, delete the account, or sign in and out', async () => {
    const { client, key, email, password } = await keyWith(['profile:read', 'profile:write']);
    const sessionOnly = [
      () => client.call((c) => c.me.sudo.status()),
      () => client.call((c) => c.me.sudo.enter({ password })),
      () => client.call((c) => c.me.apiKeys.list()),
      () => client.call((c) => c.me.apiKeys.create({ name: 'child', scopes: ['profile:read'], expiresInDays: 1 })),
      () => client.call((c) => c.me.apiKeys.rotate({ keyId: key.id })),
      () => client.call((c) => c.me.apiKeys.completeRotation({ keyId: key.id })),
      () => client.call((c) => c.me.apiKeys.delete({ keyId: key.id })),
      () => client.call((c) => c.auth.signOut()),
      () => client.call((c) => c.me.changePassword({ currentPassword: password, newPassword: 'a brand new passphrase 9' })),
      () => client.call((c) => c.me.sessions.list()),
      () => client.call((c) => c.me.sessions.revoke({ sessionId: key.id })),
      () => client.call((c) => c.me.sessions.revokeOthers()),
      () => client.call((c) => c.me.deleteAccount({ password })),
      () => client.call((c) => c.me.outbox()),
      () => client.call((c) => c.auth.signIn({ email, password })),
      () =>
        client.call((c) =>
          c.auth.signUp({ email: `scripted-${key.id}@example.com`, password, displayName: 'Scripted', orgName: 'Scripted Org' }),
        ),
    ];
    for (const call of sessionOnly) await expectFailure(call(), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    // And the key still works afterwards: nothing above touched it.
    expect((await client.call((c) => c.me.get())).via).toBe('apiKey');
  });
});
