// Attack (on integrity): make the member list or a member's page misreport who has MFA (backup
// codes alone, a half-finished TOTP setup, factors after an owner's reset), or slip members past
// the MFA filter across pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, type Browser, type Harness } from './harness.js';
import { enrolTotp } from './mfa-helpers.js';
import { joinOrg, newOrg, type Account } from './org-admin.fixtures.js';
import { SoftAuthenticator } from './soft-authenticator.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function addPasskey(browser: Browser): Promise<void> {
  const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
  await browser.call((c) => c.me.mfa.passkeys.register({ name: 'Laptop', response: new SoftAuthenticator(h.config.appOrigin).register(options) }));
}

const mfaOf = async (owner: Account, userId: string) => (await owner.browser.call((c) => c.orgAdmin.members.get({ userId }))).mfaEnabled;

async function listed(owner: Account, mfa?: 'enabled' | 'disabled', limit = 50): Promise<{ ids: string[]; pages: number; flags: boolean[] }> {
  const ids: string[] = [];
  const flags: boolean[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await owner.browser.call((c) => c.orgAdmin.members.list({ limit, cursor, ...(mfa ? { mfa } : {}) }));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((m) => m.userId));
    flags.push(...page.items.map((m) => m.mfaEnabled));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { ids, pages, flags };
}

describe('mfaEnabled on orgAdmin.members.get and list', () => {
  it('is true after TOTP enrolment or a passkey, false otherwise, during a pending setup and after resetMfa', async () => {
    const owner = await newOrg(h);
    const totp = await joinOrg(h, owner.orgId, 'member');
    const passkey = await joinOrg(h, owner.orgId, 'member');
    const pending = await joinOrg(h, owner.orgId, 'member');
    const plain = await joinOrg(h, owner.orgId, 'member');
    await enrolTotp(totp.browser);
    await addPasskey(passkey.browser);
    // Begun but never confirmed: no factor yet.
    await pending.browser.call((c) => c.me.mfa.totp.begin());

    expect(await mfaOf(owner, totp.userId)).toBe(true);
    expect(await mfaOf(owner, passkey.userId)).toBe(true);
    expect(await mfaOf(owner, pending.userId)).toBe(false);
    expect(await mfaOf(owner, plain.userId)).toBe(false);
    expect(await mfaOf(owner, owner.userId)).toBe(false);
    const { items } = await owner.browser.call((c) => c.orgAdmin.members.list());
    expect(Object.fromEntries(items.map((m) => [m.userId, m.mfaEnabled]))).toEqual({
      [owner.userId]: false,
      [totp.userId]: true,
      [passkey.userId]: true,
      [pending.userId]: false,
      [plain.userId]: false,
    });

    await owner.browser.call((c) => c.orgAdmin.members.resetMfa({ userId: totp.userId }));
    await owner.browser.call((c) => c.orgAdmin.members.resetMfa({ userId: passkey.userId }));
    expect(await mfaOf(owner, totp.userId)).toBe(false);
    expect(await mfaOf(owner, passkey.userId)).toBe(false);
    expect((await owner.browser.call((c) => c.orgAdmin.members.list({ mfa: 'enabled' }))).items).toEqual([]);
  });
});

describe('orgAdmin.members.list {mfa}', () => {
  it('returns exactly the members with (or without) MFA, page by page, and only this organisation’s', async () => {
    const owner = await newOrg(h);
    const members: Account[] = [];
    for (let i = 0; i < 12; i++) members.push(await joinOrg(h, owner.orgId, i % 4 === 0 ? 'admin' : 'member'));
    const withMfa = new Set<string>();
    for (const [i, m] of members.entries()) {
      if (i % 3 === 0) {
        await enrolTotp(m.browser);
        withMfa.add(m.userId);
      } else if (i % 5 === 0) {
        await addPasskey(m.browser);
        withMfa.add(m.userId);
      }
    }
    // Another organisation's member with MFA never shows up here.
    const other = await newOrg(h);
    await enrolTotp(other.browser);

    const all = await listed(owner);
    expect(all.ids).toEqual([owner.userId, ...members.map((m) => m.userId)]);
    const enabled = await listed(owner, 'enabled', 2);
    expect(enabled.ids).toEqual(all.ids.filter((id) => withMfa.has(id)));
    expect(enabled.flags.every(Boolean)).toBe(true);
    expect(enabled.pages).toBe(Math.ceil(withMfa.size / 2));
    const disabled = await listed(owner, 'disabled', 3);
    expect(disabled.ids).toEqual(all.ids.filter((id) => !withMfa.has(id)));
    expect(disabled.flags.some(Boolean)).toBe(false);
    expect(disabled.pages).toBe(Math.ceil((all.ids.length - withMfa.size) / 3));

    // Combined with another filter: both apply.
    const admins = await owner.browser.call((c) => c.orgAdmin.members.list({ role: 'admin', mfa: 'enabled' }));
    expect(admins.items.map((m) => m.userId)).toEqual(members.filter((m, i) => i % 4 === 0 && withMfa.has(m.userId)).map((m) => m.userId));
  });

  it('refuses a bad filter value as VALIDATION', async () => {
    const owner = await newOrg(h);
    for (const mfa of ['on', '', 'ENABLED', true]) {
      await expectFailure(
        owner.browser.call((c) => c.orgAdmin.members.list({ mfa: mfa as 'enabled' })),
        { code: 'BAD_REQUEST', reason: 'VALIDATION' },
      );
    }
  });

  it('is refused to a plain member, whatever the filter', async () => {
    const owner = await newOrg(h);
    const member = await joinOrg(h, owner.orgId, 'member');
    await expectFailure(member.browser.call((c) => c.orgAdmin.members.list({ mfa: 'enabled' })), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
  });
});
