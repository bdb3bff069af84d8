// Attack: use "resend" to keep two links to one invitation alive, to revive an accepted or revoked
// one, to mint a link for a role the re-sender may not grant, to reach another organisation's
// invitation, or to mail an address without limit.
import { AuditEvent, Invitation, OutboxMail } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, settledReasons, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';
import { joinOrg, keyOf, newOrg, type Account } from './org-admin.fixtures.js';

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('orgAdmin.invitations.resend', () => {
  let h: Harness;
  let owner: Account;
  beforeAll(async () => {
    h = await createHarness();
    owner = await newOrg(h, 'Resending');
  });
  afterAll(() => h.close());

  const invite = (email = uniqueEmail('inv'), role: 'owner' | 'admin' | 'member' = 'member', by = owner) =>
    by.browser.call((c) => c.orgAdmin.invitations.create({ email, role, teamIds: [] }));
  const resend = (invitationId: string, by = owner) => by.browser.call((c) => c.orgAdmin.invitations.resend({ invitationId }));
  const preview = (url: string) => h.browser().call((c) => c.auth.invitation({ token: tokenOf(url) }));

  it('issues a fresh link and mails it again; the old link stops working at once; the new one joins', async () => {
    const email = uniqueEmail('again');
    const first = await invite(email);
    // No SMTP_URL here: the answer says the link was not emailed anywhere a person can read.
    expect(first.emailed).toBe(false);
    const again = await resend(first.invitation.id);
    expect(again).toMatchObject({ invitation: { id: first.invitation.id, email, status: 'pending' }, emailed: false });
    expect(tokenOf(again.url)).not.toBe(tokenOf(first.url));
    await expectFailure(preview(first.url), { code: 'NOT_FOUND', reason: null });
    expect((await preview(again.url)).email).toBe(email);

    const em = h.orm.em.fork();
    const mails = await em.find(OutboxMail, { toAddress: email }, { orderBy: { id: 'asc' } });
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain(again.url);
    expect(mails[1]!.text).not.toContain(tokenOf(first.url));
    const audit = await em.findOneOrFail(AuditEvent, { action: 'invitation.resent', targetId: first.invitation.id });
    expect(audit.actorId).toBe(owner.userId);
    expect(JSON.stringify(audit)).not.toContain(tokenOf(again.url));

    await h.browser().call((c) => c.auth.acceptInvitation({ token: tokenOf(first.url), displayName: 'Old', password: STRONG_PASSWORD })).then(
      () => expect.unreachable('the superseded link was accepted'),
      () => undefined,
    );
    const joined = await h.browser().call((c) => c.auth.acceptInvitation({ token: tokenOf(again.url), displayName: 'New', password: STRONG_PASSWORD }));
    expect(joined.userId).toBeTruthy();
  });

  it('renews an expired invitation for the full period, superseding a newer link to the same address', async () => {
    const email = uniqueEmail('expired');
    const old = await invite(email);
    await h.orm.em.fork().nativeUpdate(Invitation, { id: old.invitation.id }, { expiresAt: new Date(Date.now() - 1000) });
    const newer = await invite(email);
    const renewed = await resend(old.invitation.id);
    expect(renewed.invitation.status).toBe('pending');
    expect(new Date(renewed.invitation.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    // One live link per person: the newer invitation gave way.
    await expectFailure(preview(newer.url), { code: 'NOT_FOUND', reason: null });
    expect((await h.orm.em.fork().findOneOrFail(Invitation, newer.invitation.id)).revokedAt).not.toBeNull();
  });

  it('refuses accepted and revoked invitations (CONFLICT) and changes nothing', async () => {
    const revoked = await invite();
    await owner.browser.call((c) => c.orgAdmin.invitations.revoke({ invitationId: revoked.invitation.id }));
    const accepted = await invite();
    await h.browser().call((c) => c.auth.acceptInvitation({ token: tokenOf(accepted.url), displayName: 'In', password: STRONG_PASSWORD }));
    for (const { invitation } of [revoked, accepted]) {
      const before = await h.orm.em.fork().findOneOrFail(Invitation, invitation.id);
      await expectFailure(resend(invitation.id), { code: 'CONFLICT', reason: null });
      expect(await h.orm.em.fork().findOneOrFail(Invitation, invitation.id)).toEqual(before);
    }
  });

  it('lets whoever may invite resend; refuses members, admins without the right, other organisations and unknown ids', async () => {
    const target = await invite();
    const member = await joinOrg(h, owner.orgId, 'member');
    const admin = await joinOrg(h, owner.orgId, 'admin');
    const outsider = await newOrg(h, 'Elsewhere');
    const coOwner = await joinOrg(h, owner.orgId, 'owner');
    const before = await h.orm.em.fork().findOneOrFail(Invitation, target.invitation.id);

    await expectFailure(resend(target.invitation.id, member), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await expectFailure(resend(target.invitation.id, admin), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await expectFailure(resend(target.invitation.id, outsider), { code: 'NOT_FOUND', reason: null });
    await expectFailure(resend('01900000-0000-7000-8000-000000000000'), { code: 'NOT_FOUND', reason: null });
    await expectFailure(h.browser().call((c) => c.orgAdmin.invitations.resend({ invitationId: target.invitation.id })), {
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });
    expect((await h.orm.em.fork().findOneOrFail(Invitation, target.invitation.id)).tokenHash).toBe(before.tokenHash);
    await expect(preview(target.url)).resolves.toBeTruthy();

    // Another owner may, and so may an owner's key with org:write (the procedure is key-callable).
    await resend(target.invitation.id, coOwner);
    const key = await keyOf(h, owner.orgId, ['org:write']);
    const byKey = await key.client.call((c) => c.orgAdmin.invitations.resend({ invitationId: target.invitation.id }));
    expect(byKey.invitation.id).toBe(target.invitation.id);
  });

  it('never hands a re-sender a link for a role they may not grant', async () => {
    const ownerInvite = await invite(uniqueEmail('owner-to-be'), 'owner');
    const roleId = (await owner.browser.call((c) => c.orgAdmin.roles.create({ name: 'Inviter', permissions: ['invitations:write', 'members:read'] }))).id;
    const inviter = await joinOrg(h, owner.orgId, 'member');
    await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: inviter.userId, role: roleId as `${string}-${string}-${string}-${string}-${string}` }));
    await expectFailure(resend(ownerInvite.invitation.id, inviter), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' });
    await expect(preview(ownerInvite.url)).resolves.toMatchObject({ role: 'owner' });
    // A member invitation they may resend.
    const memberInvite = await invite();
    await expect(resend(memberInvite.invitation.id, inviter)).resolves.toMatchObject({ invitation: { role: 'member' } });
  });

  it('refuses an inviter whose own address is unproven (EMAIL_UNVERIFIED), as invitations.create does', async () => {
    const target = await invite();
    const unproven = await joinOrg(h, owner.orgId, 'owner');
    await h.orm.em.fork().nativeUpdate('User', { id: unproven.userId }, { emailVerifiedAt: null });
    await expectFailure(resend(target.invitation.id, unproven), { code: 'FORBIDDEN', reason: 'EMAIL_UNVERIFIED' });
  });
});

describe('orgAdmin.invitations.resend as a mail cannon', () => {
  const PER_INVITER = 3;
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ limits: { invitationInviter: { points: PER_INVITER, durationSeconds: 3600 }, invitationOrg: { points: 50, durationSeconds: 86_400 } } });
  });
  afterAll(() => h.close());

  it('draws on the inviter limit shared with create, exactly under concurrency, mailing nothing beyond it', async () => {
    const owner = await newOrg(h, 'Cannon');
    const email = uniqueEmail('victim');
    const { invitation } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => owner.browser.call((c) => c.orgAdmin.invitations.resend({ invitationId: invitation.id }))),
    );
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(PER_INVITER - 1);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(8 - (PER_INVITER - 1));
    expect(await h.orm.em.fork().count(OutboxMail, { toAddress: email })).toBe(PER_INVITER);
  });

  it('refunds a refused attempt: resending an accepted invitation costs nothing', async () => {
    const owner = await newOrg(h, 'Careful');
    const { invitation } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email: uniqueEmail('x'), role: 'member', teamIds: [] }));
    await owner.browser.call((c) => c.orgAdmin.invitations.revoke({ invitationId: invitation.id }));
    for (let i = 0; i < PER_INVITER + 2; i++) {
      await expectFailure(owner.browser.call((c) => c.orgAdmin.invitations.resend({ invitationId: invitation.id })), { code: 'CONFLICT', reason: null });
    }
    // The one create spent a point; two remain.
    const fresh = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email: uniqueEmail('y'), role: 'member', teamIds: [] }));
    await owner.browser.call((c) => c.orgAdmin.invitations.resend({ invitationId: fresh.invitation.id }));
  });
});
