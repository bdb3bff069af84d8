// Attack: keep using an account after the identity provider deprovisioned it — through a session
// or a key already in hand, on another server instance, or by signing in again — and keep those
// credentials after the account is restored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, ownerWithScimToken, reasonOf, scimCall, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let a: RunningServer;
let b: RunningServer;
beforeAll(async () => {
  a = await startServer({ LOG_LEVEL: 'silent' });
  // A second instance on the same database, as behind a load balancer.
  b = await startServer({ LOG_LEVEL: 'silent' }, { databaseUrl: a.databaseUrl });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

describe('SCIM suspension', () => {
  it('is felt on the next request of every session and key, on both instances; restoring gives back sign-in only', async () => {
    const owner = await ownerWithScimToken(a);
    // A co-owner, signed in on instance A, with a personal key and a service account's key of their making.
    const email = uniqueEmail('coowner');
    const invite = ok(await trpc<{ url: string }>(a, 'orgAdmin.invitations.create', { email, role: 'admin', teamIds: [] }, { cookie: owner.cookie }));
    const accepted = await trpc<{ userId: string }>(a, 'auth.acceptInvitation', {
      token: invite.url.split('/invite/')[1],
      displayName: 'Cora Owner',
      password: PASSWORD,
    });
    const cookie = accepted.cookie!;
    const userId = ok(accepted).userId;
    ok(await trpc(a, 'orgAdmin.members.setRole', { userId, role: 'owner' }, { cookie: owner.cookie }));
    const personal = ok(await trpc<{ secret: string }>(a, 'me.apiKeys.create', { name: 'laptop', scopes: ['profile:read'], expiresInDays: 30 }, { cookie }));
    const account = ok(await trpc<{ id: string }>(a, 'orgAdmin.serviceAccounts.create', { name: 'deploy-bot', role: 'member', teamIds: [] }, { cookie }));
    const robot = ok(
      await trpc<{ secret: string }>(a, 'orgAdmin.serviceAccounts.keys.create', {
        serviceAccountId: account.id,
        name: 'ci',
        scopes: ['profile:read'],
        expiresInDays: 30,
      }, { cookie }),
    );

    const meGet = (server: RunningServer, auth: { cookie?: string; bearer?: string }) => trpc(server, 'me.get', undefined, auth, 'query');
    for (const server of [a, b]) {
      expect(reasonOf(await meGet(server, { cookie }))).toBe('ok');
      expect(reasonOf(await meGet(server, { bearer: personal.secret }))).toBe('ok');
    }

    // The identity provider deactivates the co-owner through instance A.
    const patch = await scimCall(a, owner.scimToken, 'PATCH', `/Users/${userId}`, { Operations: [{ op: 'replace', path: 'active', value: false }] });
    expect(patch.status).toBe(200);

    for (const server of [b, a]) {
      expect(reasonOf(await meGet(server, { cookie }))).toBe('FORBIDDEN/ACCOUNT_SUSPENDED');
      expect(reasonOf(await meGet(server, { bearer: personal.secret }))).toBe('FORBIDDEN/ACCOUNT_SUSPENDED');
      expect(reasonOf(await trpc(server, 'orgAdmin.members.list', {}, { cookie }, 'query'))).toBe('FORBIDDEN/ACCOUNT_SUSPENDED');
      // The service account belongs to the organisation: its keys outlive any member's departure.
      const robotMe = ok(await meGet(server, { bearer: robot.secret })) as { via: string; displayName: string };
      expect(robotMe).toMatchObject({ via: 'serviceAccount', displayName: 'deploy-bot' });
    }
    // Sign-in is refused the same way, on either instance (the right password only learns that).
    const signIn = await trpc(b, 'auth.signIn', { email, password: PASSWORD });
    expect(reasonOf(signIn)).toBe('FORBIDDEN/ACCOUNT_SUSPENDED');
    expect(signIn.cookie).toBeUndefined();
    // Owners see the member as suspended.
    const seen = ok(await trpc<{ suspended?: boolean }>(b, 'orgAdmin.members.get', { userId }, { cookie: owner.cookie }, 'query'));
    expect(seen.suspended).toBe(true);

    // Restored through instance B: sign-in works again, but what the suspension cut off stays off.
    const restore = await scimCall(b, owner.scimToken, 'PATCH', `/Users/${userId}`, { Operations: [{ op: 'replace', value: { active: true } }] });
    expect(restore.status).toBe(200);
    expect(reasonOf(await meGet(a, { cookie }))).toBe('UNAUTHORIZED/SESSION_REQUIRED');
    expect(reasonOf(await meGet(a, { bearer: personal.secret }))).toBe('UNAUTHORIZED/INVALID_API_KEY');
    const again = await trpc(a, 'auth.signIn', { email, password: PASSWORD });
    expect(reasonOf(again)).toBe('ok');
    expect(reasonOf(await meGet(b, { cookie: again.cookie! }))).toBe('ok');
  });

  it("refuses to suspend the organisation's last active owner", async () => {
    const owner = await ownerWithScimToken(a, 'Solo');
    const res = await scimCall(a, owner.scimToken, 'PATCH', `/Users/${owner.userId}`, { Operations: [{ op: 'replace', value: { active: false } }] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ scimType: 'mutability' });
    expect(reasonOf(await trpc(b, 'me.get', undefined, { cookie: owner.cookie }, 'query'))).toBe('ok');
  });
});
