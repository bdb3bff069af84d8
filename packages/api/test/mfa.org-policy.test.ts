// Attack: keep using an organisation that requires MFA without enrolling (by session or by API
// key), switch the policy or reset someone's factors without the right, or reach another org.
import { AuditEvent, Membership, OutboxMail, Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { closeSudo, enrolTotp } from './mfa-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** An owner and a member (joined by invitation) of one organisation. */
async function orgWithMember() {
  const owner = await h.signUp();
  const email = `member-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const { url } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
  const member = h.browser();
  const { userId } = await member.call((c) =>
    c.auth.acceptInvitation({ token: url.split('/').pop()!, displayName: 'Member', password: 'member passphrase 2024!' }),
  );
  return { owner, member, memberId: userId };
}

describe('orgAdmin.settings and the requireMfa policy', () => {
  it('an owner without MFA cannot require it; with MFA (and sudo) they can, audited', async () => {
    const { owner } = await orgWithMember();
    expect(await owner.browser.call((c) => c.orgAdmin.settings.get())).toEqual({ requireMfa: false });
    await expectFailure(owner.browser.call((c) => c.orgAdmin.settings.update({ requireMfa: true })), { code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    await enrolTotp(owner.browser);
    expect(await owner.browser.call((c) => c.orgAdmin.settings.update({ requireMfa: true }))).toEqual({ requireMfa: true });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'org.settings_updated', actorId: owner.userId })).toBe(1);
    await closeSudo(h, owner.browser);
    await expectFailure(owner.browser.call((c) => c.orgAdmin.settings.update({ requireMfa: false })), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
  });

  it('a member without MFA may only reach me.get, me.mfa.*, me.sudo.* and sign-out; their keys stop until they enrol', async () => {
    const { owner, member } = await orgWithMember();
    const { secret: key } = await member.call((c) => c.me.apiKeys.create({ name: 'ci', scopes: ['profile:read'], expiresInDays: 1 }));
    await expectFailure(member.call((c) => c.orgAdmin.settings.update({ requireMfa: false })), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await enrolTotp(owner.browser);
    await owner.browser.call((c) => c.orgAdmin.settings.update({ requireMfa: true }));

    expect(await member.call((c) => c.me.get())).toMatchObject({ mfaEnrollmentRequired: true });
    await expectFailure(member.call((c) => c.me.sessions.list()), { code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' });
    await expectFailure(member.call((c) => c.agents.list()), { code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' });
    await expectFailure(h.keyClient(key).call((c) => c.me.get()), { code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' });
    expect((await member.call((c) => c.me.mfa.status())).enabled).toBe(false);
    expect((await member.call((c) => c.me.sudo.status())).active).toBe(true);
    // The owner, who has MFA, is not held back.
    expect(await owner.browser.call((c) => c.me.get())).toMatchObject({ mfaEnrollmentRequired: false });

    await enrolTotp(member);
    expect(await member.call((c) => c.me.get())).toMatchObject({ mfaEnrollmentRequired: false });
    expect(await member.call((c) => c.me.sessions.list())).not.toHaveLength(0);
    expect(await h.keyClient(key).call((c) => c.me.get())).toMatchObject({ via: 'apiKey' });
  });
});

describe('orgAdmin.members.resetMfa', () => {
  it('an owner in sudo removes the factors, ends every session and notifies the member', async () => {
    const { owner, member, memberId } = await orgWithMember();
    await enrolTotp(member);
    expect(await h.orm.em.fork().count(Session, { user: memberId })).toBeGreaterThan(0);
    expect(await owner.browser.call((c) => c.orgAdmin.members.resetMfa({ userId: memberId }))).toMatchObject({ ok: true });
    const em = h.orm.em.fork();
    expect(await em.count(Session, { user: memberId })).toBe(0);
    await expectFailure(member.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(await em.count(AuditEvent, { action: 'mfa.reset_by_owner', targetId: memberId, actorId: owner.userId })).toBe(1);
    expect((await em.find(OutboxMail, { user: memberId })).map((m) => m.subject)).toContain('Gatehouse: Your two-factor authentication was reset');
  });

  it('is refused without sudo, to admins and members, and for another organisation’s member', async () => {
    const { owner, member, memberId } = await orgWithMember();
    const other = await orgWithMember();
    await expectFailure(member.call((c) => c.orgAdmin.members.resetMfa({ userId: memberId })), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await h.orm.em.fork().nativeUpdate(Membership, { user: memberId }, { role: 'admin' });
    await expectFailure(member.call((c) => c.orgAdmin.members.resetMfa({ userId: owner.userId })), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    const refused = await owner.browser.call((c) => c.orgAdmin.members.resetMfa({ userId: other.memberId })).catch((e: { code: string }) => e.code);
    expect(refused).toBe('NOT_FOUND');
    await closeSudo(h, owner.browser);
    await expectFailure(owner.browser.call((c) => c.orgAdmin.members.resetMfa({ userId: memberId })), { code: 'FORBIDDEN', reason: 'SUDO_REQUIRED' });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'mfa.reset_by_owner', targetId: memberId })).toBe(0);
  });
});
