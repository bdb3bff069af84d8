// Attack: mint a service-account key beyond the account's role or one's own rights, without a
// session or sudo, for another organisation's account; or use a service account to sign in.
import { ApiKeySecret, AuditEvent, Notification, OutboxMail } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { joinOrg, keyOf, makeAgent, makeTeam, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Robots');
});
afterAll(() => h.close());

const db = () => h.orm.em.fork();

describe('service accounts', () => {
  it('are created with a role and teams, listed apart from members, and their keys act as them', async () => {
    const team = await makeTeam(h, owner.orgId, 'Deploys');
    await makeAgent(h, owner.orgId, team, 'Deployer');
    const account = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.create({ name: 'ci-bot', role: 'admin', teamIds: [team] }));
    expect(account).toMatchObject({ name: 'ci-bot', role: 'admin', customRole: null, teams: [{ id: team, name: 'Deploys' }], keys: [] });
    const members = await owner.browser.call((c) => c.orgAdmin.members.list());
    expect(members.items.map((m) => m.userId)).not.toContain(account.id);
    expect((await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list())).map((a) => a.id)).toEqual([account.id]);

    const { key, secret } = await owner.browser.call((c) =>
      c.orgAdmin.serviceAccounts.keys.create({ serviceAccountId: account.id, name: 'pipeline', scopes: ['agents:read', 'org:read', 'profile:read'], expiresInDays: 30 }),
    );
    expect(secret).toMatch(/^gate_/);
    const robot = h.keyClient(secret);
    expect(await robot.call((c) => c.me.get())).toMatchObject({ id: account.id, via: 'serviceAccount', role: 'admin' });
    expect((await robot.call((c) => c.agents.list())).map((a) => a.name)).toEqual(['Deployer']);
    expect((await robot.call((c) => c.orgAdmin.members.list())).items.length).toBeGreaterThan(0);
    await expectFailure(robot.call((c) => c.orgAdmin.teams.create({ name: 'nope' })), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    // Audited as the service account's key, by the person who minted it; nobody's inbox is touched.
    const created = await db().findOneOrFail(AuditEvent, { action: 'api_key.created', targetId: key.id });
    expect(created).toMatchObject({ actorId: owner.userId, via: 'session' });
    expect(created.metadata).toMatchObject({ ownerId: account.id });
    expect(await db().count(Notification, { user: account.id })).toBe(0);
    expect(await db().count(OutboxMail, { user: account.id })).toBe(0);
    expect((await owner.browser.call((c) => c.orgAdmin.serviceAccounts.get({ serviceAccountId: account.id }))).keys).toHaveLength(1);
  });

  it('keys follow the personal-key rules: scopes within the role, rotation with grace, completion, deletion', async () => {
    const account = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.create({ name: 'reader', role: 'member', teamIds: [] }));
    // A member-role account cannot carry org scopes.
    await expectFailure(
      owner.browser.call((c) => c.orgAdmin.serviceAccounts.keys.create({ serviceAccountId: account.id, name: 'k', scopes: ['org:read'], expiresInDays: 1 })),
      { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' },
    );
    const first = await owner.browser.call((c) =>
      c.orgAdmin.serviceAccounts.keys.create({ serviceAccountId: account.id, name: 'k', scopes: ['profile:read'], expiresInDays: 1 }),
    );
    const rotated = await owner.browser.call((c) =>
      c.orgAdmin.serviceAccounts.keys.rotate({ serviceAccountId: account.id, keyId: first.key.id, gracePeriodSeconds: 3600 }),
    );
    expect(rotated.key.previousSecretExpiresAt).not.toBeNull();
    for (const secret of [first.secret, rotated.secret]) expect((await h.keyClient(secret).call((c) => c.me.get())).id).toBe(account.id);
    await owner.browser.call((c) => c.orgAdmin.serviceAccounts.keys.completeRotation({ serviceAccountId: account.id, keyId: first.key.id }));
    await expectFailure(h.keyClient(first.secret).call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });
    expect(await db().count(ApiKeySecret, { key: first.key.id })).toBe(1);
    await owner.browser.call((c) => c.orgAdmin.serviceAccounts.keys.delete({ serviceAccountId: account.id, keyId: first.key.id }));
    await expectFailure(h.keyClient(rotated.secret).call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });
  });

  it('minting needs a session and sudo; a key, a session without sudo or another org cannot', async () => {
    const account = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.create({ name: 'guarded', role: 'member', teamIds: [] }));
    const input = { serviceAccountId: account.id, name: 'k', scopes: ['profile:read' as const], expiresInDays: 1 };
    const orgKey = await keyOf(h, owner.orgId, ['org:read', 'org:write']);
    await expectFailure(orgKey.client.call((c) => c.orgAdmin.serviceAccounts.keys.create(input)), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    const coOwner = await joinOrg(h, owner.orgId, 'owner');
    await h.orm.em.fork().nativeUpdate('Session', { user: coOwner.userId }, { sudoUntil: null });
    await expectFailure(coOwner.browser.call((c) => c.orgAdmin.serviceAccounts.keys.create(input)), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    const other = await newOrg(h, 'Other');
    await expectFailure(other.browser.call((c) => c.orgAdmin.serviceAccounts.keys.create(input)), { code: 'NOT_FOUND', reason: null });
    await expectFailure(other.browser.call((c) => c.orgAdmin.serviceAccounts.get({ serviceAccountId: account.id })), { code: 'NOT_FOUND', reason: null });
    const admin = await joinOrg(h, owner.orgId, 'admin');
    await expectFailure(admin.browser.call((c) => c.orgAdmin.serviceAccounts.create({ name: 'x', role: 'member', teamIds: [] })), {
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_ROLE',
    });
    expect((await owner.browser.call((c) => c.orgAdmin.serviceAccounts.get({ serviceAccountId: account.id }))).keys).toEqual([]);
  });

  it('outlive the owner who made them, can never sign in, and are never owners', async () => {
    const maker = await joinOrg(h, owner.orgId, 'owner');
    const account = await maker.browser.call((c) => c.orgAdmin.serviceAccounts.create({ name: 'survivor', role: 'member', teamIds: [] }));
    const { secret } = await maker.browser.call((c) =>
      c.orgAdmin.serviceAccounts.keys.create({ serviceAccountId: account.id, name: 'k', scopes: ['profile:read'], expiresInDays: 1 }),
    );
    await owner.browser.call((c) => c.orgAdmin.members.remove({ userId: maker.userId }));
    expect((await h.keyClient(secret).call((c) => c.me.get())).id).toBe(account.id);
    const me = await h.keyClient(secret).call((c) => c.me.get());
    await expectFailure(h.browser().call((c) => c.auth.signIn({ email: me.email, password: 'anything at all here' })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    await expectFailure(
      owner.browser.call((c) => c.orgAdmin.serviceAccounts.update({ serviceAccountId: account.id, role: 'owner' as 'admin' })),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    await expectFailure(owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: account.id, role: 'owner' })), { code: 'NOT_FOUND', reason: null });
    await owner.browser.call((c) => c.orgAdmin.serviceAccounts.delete({ serviceAccountId: account.id }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });
  });
});
