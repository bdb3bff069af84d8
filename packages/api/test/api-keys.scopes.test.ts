// Attack: use a leaked key beyond its scopes, beyond its owner's current role, or to reach
// session-only operations (sudo, key management, sign-out).
import { Membership } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../src/context.js';
import type { Scope } from '../src/domain/permissions.js';
import { permissionProcedure } from '../src/procedures.js';
import { createCallerFactory, router } from '../src/trpc.js';
import { createHarness, expectFailure, type Harness } from './harness.js';

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
  return { ...account, secret, key, client: h.keyClient(secret) };
}

// Org procedures arrive with the org-admin router; this probe exercises the same builders.
const probe = createCallerFactory(
  router({
    orgRead: permissionProcedure('org:read').query(() => 'read'),
    orgWrite: permissionProcedure('org:write').mutation(() => 'written'),
    agentsRead: permissionProcedure('agents:read').query(() => 'agents'),
  }),
);
const probeAs = (secret: string) =>
  probe(
    createContextInner({
      orm: h.orm,
      config: h.config,
      rateLimits: h.rateLimits,
      request: { authorization: `Bearer ${secret}` },
    }),
  );

describe('API key scopes', () => {
  it('profile:read reads the profile and nothing else', async () => {
    const { client, secret, userId } = await keyWith(['profile:read']);
    const me = await client.call((c) => c.me.get());
    expect(me).toMatchObject({ id: userId, via: 'apiKey', permissions: ['profile:read'] });
    await expectFailure(client.call((c) => c.me.updateProfile({ displayName: 'x' })), {
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_SCOPE',
    });
    await expectFailure(probeAs(secret).orgRead(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    await expectFailure(probeAs(secret).agentsRead(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    // Notifications: reading is profile:read, changing preferences or marking read is profile:write.
    expect(await client.call((c) => c.me.notifications.preferences())).toHaveLength(5);
    expect((await client.call((c) => c.me.notifications.list({}))).items).toBeDefined();
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
    expect(await probeAs(reader.secret).orgRead()).toBe('read');
    await expectFailure(probeAs(reader.secret).orgWrite(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    const writer = await keyWith(['org:write']);
    expect(await probeAs(writer.secret).orgWrite()).toBe('written');
    await expectFailure(probeAs(writer.secret).orgRead(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    const agents = await keyWith(['agents:read']);
    expect(await probeAs(agents.secret).agentsRead()).toBe('agents');
    await expectFailure(agents.client.call((c) => c.me.get()), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
  });

  it('never exceed the owner’s current role: demoting the owner takes org rights away on the next request', async () => {
    const { secret, userId, client } = await keyWith(['profile:read', 'org:read', 'org:write']);
    expect(await probeAs(secret).orgWrite()).toBe('written');
    await h.orm.em.fork().nativeUpdate(Membership, { user: userId }, { role: 'member' });
    await expectFailure(probeAs(secret).orgRead(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await expectFailure(probeAs(secret).orgWrite(), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
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
