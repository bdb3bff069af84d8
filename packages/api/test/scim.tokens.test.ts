// Attack: mint a SCIM token without sudo or the permission, read a token's secret after creation,
// or use one organisation's token (or a malformed one) to reach another's members.
import { AuditEvent, ScimToken } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateScimToken } from '../src/domain/scim/tokens.js';
import { createScimUser, listScimUsers } from '../src/domain/scim/users.js';
import type { ScimContext } from '../src/domain/scim/context.js';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { joinOrg, keyOf, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Scim');
});
afterAll(() => h.close());

describe('SCIM tokens', () => {
  it('are minted with sudo, shown once, stored hashed, listed without secrets, and revoked at once', async () => {
    const { token, secret } = await owner.browser.call((c) => c.orgAdmin.scim.tokens.create({ name: 'Okta' }));
    expect(secret).toMatch(/^gscim_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}$/);
    expect(token.prefix).toBe(secret.slice(0, 14));
    const row = await h.orm.em.fork().findOneOrFail(ScimToken, { id: token.id });
    expect(row.secretHash).not.toContain(secret.slice(15));
    const listed = await owner.browser.call((c) => c.orgAdmin.scim.tokens.list());
    expect(JSON.stringify(listed)).not.toContain(secret.slice(15, 40));
    const admin = await joinOrg(h, owner.orgId, 'admin');
    expect((await admin.browser.call((c) => c.orgAdmin.scim.tokens.list())).map((t) => t.id)).toEqual([token.id]);
    await expectFailure(admin.browser.call((c) => c.orgAdmin.scim.tokens.create({ name: 'x' })), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });

    expect(await authenticateScimToken(h.orm.em.fork(), secret)).toMatchObject({ orgId: owner.orgId, tokenId: token.id });
    // One character changed, always to a different one (a fixed replacement is a no-op when the
    // token already ends in it).
    const forged = `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`;
    expect(forged).not.toBe(secret);
    expect(await authenticateScimToken(h.orm.em.fork(), forged)).toBeNull();
    await owner.browser.call((c) => c.orgAdmin.scim.tokens.revoke({ tokenId: token.id }));
    expect(await authenticateScimToken(h.orm.em.fork(), secret)).toBeNull();
    const events = await h.orm.em.fork().find(AuditEvent, { targetId: token.id }, { orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['scim_token.created', 'scim_token.revoked']);
    expect(JSON.stringify(events)).not.toContain(secret.slice(15));
  });

  it('need an interactive session with sudo to mint', async () => {
    const key = await keyOf(h, owner.orgId, ['org:read', 'org:write']);
    await expectFailure(key.client.call((c) => c.orgAdmin.scim.tokens.create({ name: 'x' })), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    const coOwner = await joinOrg(h, owner.orgId, 'owner');
    await h.orm.em.fork().nativeUpdate('Session', { user: coOwner.userId }, { sudoUntil: null });
    await expectFailure(coOwner.browser.call((c) => c.orgAdmin.scim.tokens.create({ name: 'x' })), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    expect(await h.orm.em.fork().count(ScimToken, { organization: owner.orgId, name: 'x' })).toBe(0);
  });

  it('scope the SCIM domain functions to the token’s organisation (called directly on an EntityManager)', async () => {
    const other = await newOrg(h, 'Other');
    const ctx = (orgId: string): ScimContext => ({
      em: h.orm.em.fork(),
      caller: { orgId, tokenId: `token-${orgId}`, tokenName: 'direct' },
      meta: { ip: null, userAgent: null },
      baseUrl: 'http://localhost/scim/v2',
      appOrigin: 'http://localhost',
      limits: h.rateLimits,
    });
    const created = await createScimUser(ctx(owner.orgId), { userName: `direct-${Date.now()}@example.com`, externalId: 'd-1' });
    const mine = await listScimUsers(ctx(owner.orgId), { filter: 'externalId eq "d-1"' });
    const theirs = await listScimUsers(ctx(other.orgId), { filter: 'externalId eq "d-1"' });
    expect(mine.Resources.map((r) => r.id)).toEqual([created.id]);
    expect(theirs.totalResults).toBe(0);
    await expect(createScimUser(ctx(owner.orgId), { userName: 'not an email' })).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' });
  });
});
