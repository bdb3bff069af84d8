// Attack: sign up with someone else's address and act in its name — mint API keys, invite people,
// read the organisation's mail — or replay, outlive or race a verification link.
import { AuditEvent, LinkToken, OutboxMail, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLinkToken } from '../src/domain/link-tokens.js';
import { notify } from '../src/domain/notifications.js';
import { createHarness, expectFailure, settledReasons, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';
import { newOrg } from './org-admin.fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { verificationMail: { points: 2, durationSeconds: 3600 } } });
});
afterAll(() => h.close());

const mailsTo = async (address: string) =>
  h.orm.em.fork().find(OutboxMail, { toAddress: address }, { orderBy: { createdAt: 'asc', id: 'asc' } });

describe('email verification', () => {
  it('sign-up mails a single-use link; until it is followed, keys and invitations are refused and nothing else changes', async () => {
    const { browser, email, userId } = await h.signUp({ verified: false });
    const [mail] = await mailsTo(email);
    expect(mail!.subject).toBe('Gatehouse: Confirm your email address');
    expect(mail!.text).toMatch(/Hi Test User,[\s\S]*\/verify-email\/[A-Za-z0-9_-]{43}\n[\s\S]*Why you got this: [\s\S]*If this wasn't you: /);
    expect(await browser.call((c) => c.me.get())).toMatchObject({ email, emailVerified: false });

    await expectFailure(
      browser.call((c) => c.me.apiKeys.create({ name: 'too early', scopes: ['profile:read'], expiresInDays: 1 })),
      { code: 'FORBIDDEN', reason: 'EMAIL_UNVERIFIED' },
    );
    await expectFailure(
      browser.call((c) => c.orgAdmin.invitations.create({ email: uniqueEmail('invitee'), role: 'member', teamIds: [] })),
      { code: 'FORBIDDEN', reason: 'EMAIL_UNVERIFIED' },
    );
    expect(await browser.call((c) => c.me.apiKeys.list())).toEqual([]);
    expect(await browser.call((c) => c.orgAdmin.invitations.list())).toEqual([]);
    // Self-service still works.
    await browser.call((c) => c.me.updateProfile({ displayName: 'Still Me' }));

    const token = await h.mailedToken(email, '/verify-email/');
    expect(await browser.call((c) => c.auth.verifyEmail({ token }))).toEqual({ email });
    expect(await browser.call((c) => c.me.get())).toMatchObject({ emailVerified: true });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.email_verified', actorId: userId })).toBe(1);
    await browser.call((c) => c.me.apiKeys.create({ name: 'now', scopes: ['profile:read'], expiresInDays: 1 }));

    // Used once: the same link is dead, from any browser.
    await expectFailure(h.browser().call((c) => c.auth.verifyEmail({ token })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
  });

  it('an unproven address gets security mail only', async () => {
    const { email, userId } = await h.signUp({ verified: false });
    const em = h.orm.em.fork();
    await notify(em, userId, { category: 'teams', type: 'team.member_added', title: 'Added to a team', body: 'x' });
    await notify(em, userId, { category: 'security', type: 'user.password_changed', title: 'Password changed', body: 'y' });
    await em.flush();
    expect((await mailsTo(email)).map((m) => m.subject)).toEqual(['Gatehouse: Confirm your email address', 'Gatehouse: Password changed']);
  });

  it('refuses an unknown, an expired and a malformed link alike, and proves nothing', async () => {
    const { browser, email, userId } = await h.signUp({ verified: false });
    const token = await h.mailedToken(email, '/verify-email/');
    await h.orm.em.fork().nativeUpdate(LinkToken, { tokenHash: hashLinkToken(token) }, { expiresAt: new Date(Date.now() - 1000) });
    for (const attempt of [token, `${token.slice(0, -1)}A`, 'not a token']) {
      await expectFailure(browser.call((c) => c.auth.verifyEmail({ token: attempt })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
    }
    expect((await h.orm.em.fork().findOneOrFail(User, { id: userId })).emailVerifiedAt).toBeNull();
  });

  it('one link followed twice at once proves the address once', async () => {
    const { email, userId } = await h.signUp({ verified: false });
    const token = await h.mailedToken(email, '/verify-email/');
    const results = await Promise.allSettled([1, 2, 3].map(() => h.browser().call((c) => c.auth.verifyEmail({ token }))));
    expect(settledReasons(results).sort()).toEqual(['INVALID_TOKEN', 'INVALID_TOKEN', 'ok']);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.email_verified', actorId: userId })).toBe(1);
  });

  it('resending mails a new link and ends the old one; it is limited, and a proven address gets nothing', async () => {
    const { browser, email } = await h.signUp({ verified: false });
    const first = await h.mailedToken(email, '/verify-email/');
    expect(await browser.call((c) => c.me.resendVerification())).toEqual({ sent: true });
    const second = await h.mailedToken(email, '/verify-email/');
    expect(second).not.toBe(first);
    await expectFailure(browser.call((c) => c.auth.verifyEmail({ token: first })), { code: 'BAD_REQUEST', reason: 'INVALID_TOKEN' });
    await browser.call((c) => c.auth.verifyEmail({ token: second }));
    expect(await browser.call((c) => c.me.resendVerification())).toEqual({ sent: false });
    const error = await expectFailure(browser.call((c) => c.me.resendVerification()), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(error.data.retryAfterSeconds).toBeGreaterThan(3000);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it('stores only the hash: the token is in the mail and nowhere in the database, audit or export', async () => {
    const { browser, email, userId } = await h.signUp({ verified: false });
    const token = await h.mailedToken(email, '/verify-email/');
    const rows = await h.orm.em.getConnection().execute<Record<string, unknown>[]>('select * from link_token');
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).toContain(hashLinkToken(token));
    await browser.call((c) => c.auth.verifyEmail({ token }));
    const exported = JSON.stringify(await browser.call((c) => c.me.exportData()));
    expect(exported).not.toContain(token);
    expect(exported).not.toContain(hashLinkToken(token));
    const audit = JSON.stringify(await h.orm.em.fork().find(AuditEvent, { actorId: userId }));
    expect(audit).not.toContain(token);
  });

  it('accepting an invitation proves the invited address', async () => {
    const owner = await newOrg(h, 'Inviting');
    const email = uniqueEmail('invitee');
    const { url } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
    const invitee = h.browser();
    await invitee.call((c) => c.auth.acceptInvitation({ token: url.split('/').pop()!, displayName: 'Ivy', password: STRONG_PASSWORD }));
    expect(await invitee.call((c) => c.me.get())).toMatchObject({ email, emailVerified: true });
    expect(await mailsTo(email)).toHaveLength(1); // the invitation, and no verification mail after it
  });
});
