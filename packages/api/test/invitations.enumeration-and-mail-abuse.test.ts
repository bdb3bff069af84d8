// Attack: sign up as the owner of a throwaway organisation, then use orgAdmin.invitations.create
// to learn which addresses have an account anywhere (EMAIL_TAKEN), and to mail any address,
// without limit, with an organisation name of the attacker's choosing.
import { AuditEvent, Invitation, OutboxMail } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/rate-limits.js';
import { defaultApiConfig } from '../src/config.js';
import { createHarness, expectFailure, rejection, settledReasons, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';
import { joinOrg, newOrg, type Account } from './org-admin.fixtures.js';

const invite = (account: Account, email: string) =>
  account.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('orgAdmin.invitations.create as an account-enumeration oracle', () => {
  let h: Harness;
  let attacker: Account;
  beforeAll(async () => {
    h = await createHarness();
    attacker = await newOrg(h, 'Totally Legit Org');
  });
  afterAll(() => h.close());

  it('answers an address registered in another organisation exactly as an unknown one', async () => {
    const victims = await Promise.all(Array.from({ length: 3 }, (_, i) => newOrg(h, `Victim ${i}`)));
    const strangers = Array.from({ length: 3 }, () => uniqueEmail('stranger'));
    const answers = [];
    for (const email of [...victims.map((v) => v.email), ...strangers]) answers.push({ email, answer: await invite(attacker, email) });

    // Same shape, same status, same role; only the address, ids, times and token differ.
    const stripped = answers.map(({ email, answer }) => {
      const { id, email: shown, createdAt, expiresAt, ...rest } = answer.invitation;
      expect(shown).toBe(email);
      expect([id, createdAt, expiresAt].every((v) => typeof v === 'string')).toBe(true);
      expect(answer.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      return { rest, keys: Object.keys(answer).sort() };
    });
    expect(new Set(stripped.map((s) => JSON.stringify(s))).size).toBe(1);

    // Both kinds were stored, mailed and audited the same way.
    const em = h.orm.em.fork();
    for (const { email } of answers) {
      expect(await em.count(Invitation, { email, organization: attacker.orgId })).toBe(1);
      expect(await em.count(OutboxMail, { toAddress: email })).toBe(1);
    }
    const audit = await em.find(AuditEvent, { action: 'invitation.created', orgId: attacker.orgId });
    expect(audit).toHaveLength(answers.length);
    expect(new Set(audit.map((a) => JSON.stringify(a.metadata))).size).toBe(1);
  });

  it('lets the invitee learn it on accepting (EMAIL_TAKEN), leaving their account and organisation untouched', async () => {
    const invitee = await newOrg(h, 'Invitee Home');
    const { url } = await invite(attacker, invitee.email);
    await expectFailure(
      h.browser().call((c) => c.auth.acceptInvitation({ token: tokenOf(url), displayName: 'Me', password: STRONG_PASSWORD })),
      { code: 'CONFLICT', reason: 'EMAIL_TAKEN' },
    );
    expect((await invitee.browser.call((c) => c.me.get())).org.id).toBe(invitee.orgId);
  });

  it('still refuses the organisation’s own members (the inviter sees them anyway)', async () => {
    const colleague = await joinOrg(h, attacker.orgId, 'member');
    await expectFailure(invite(attacker, colleague.email), { code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
  });
});

describe('orgAdmin.invitations.create as a mail cannon', () => {
  const PER_INVITER = 3;
  const PER_ORG = 5;
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      limits: {
        invitationInviter: { points: PER_INVITER, durationSeconds: 3600 },
        invitationOrg: { points: PER_ORG, durationSeconds: 86_400 },
      },
    });
  });
  afterAll(() => h.close());

  it('limits each inviter, exactly under concurrency, storing and mailing nothing beyond it', async () => {
    const owner = await newOrg(h, 'Cannon');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => invite(owner, uniqueEmail('spam'))));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(PER_INVITER);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(10 - PER_INVITER);
    const em = h.orm.em.fork();
    expect(await em.count(Invitation, { organization: owner.orgId })).toBe(PER_INVITER);
    expect(await em.count(OutboxMail, { subject: { $like: '%Cannon%' } })).toBe(PER_INVITER);
    const refused = await rejection(invite(owner, uniqueEmail('spam')));
    expect(refused.data.retryAfterSeconds).toBeGreaterThan(3500);
  });

  it('limits the organisation across all its inviters, and refused attempts cost nothing', async () => {
    const owner = await newOrg(h, 'Many Hands');
    const second = await joinOrg(h, owner.orgId, 'owner');
    const third = await joinOrg(h, owner.orgId, 'owner');
    // A refused invitation (an unknown team) sends nothing, so it uses up no point.
    await expectFailure(
      owner.browser.call((c) => c.orgAdmin.invitations.create({ email: uniqueEmail('x'), role: 'member', teamIds: ['00000000-0000-7000-8000-000000000000'] })),
      { code: 'NOT_FOUND', reason: null },
    );
    for (let i = 0; i < PER_INVITER; i++) await invite(owner, uniqueEmail('hand'));
    await invite(second, uniqueEmail('hand'));
    await invite(second, uniqueEmail('hand'));
    await expectFailure(invite(third, uniqueEmail('hand')), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(await h.orm.em.fork().count(Invitation, { organization: owner.orgId })).toBe(PER_ORG);
    // Another organisation is not affected.
    const other = await newOrg(h, 'Unrelated');
    await invite(other, uniqueEmail('fine'));
  });

  it('has generous but finite defaults', () => {
    expect(DEFAULT_LIMITS.invitationInviter.points).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_LIMITS.invitationOrg.points).toBeGreaterThanOrEqual(DEFAULT_LIMITS.invitationInviter.points);
    expect(DEFAULT_LIMITS.invitationOrg.points).toBeLessThanOrEqual(1000);
    expect(defaultApiConfig.maxPendingInvitations).toBeGreaterThanOrEqual(100);
  });
});

describe('pending invitations per organisation', () => {
  const CAP = 4;
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ config: { maxPendingInvitations: CAP } });
  });
  afterAll(() => h.close());

  it('are capped exactly under 20 concurrent invitations; revoking one frees a place; re-sending a link never hits the cap', async () => {
    const owner = await newOrg(h, 'Capped');
    const coOwner = await joinOrg(h, owner.orgId, 'owner');
    const emails = Array.from({ length: 20 }, () => uniqueEmail('pending'));
    const results = await Promise.allSettled(emails.map((email, i) => invite(i % 2 ? owner : coOwner, email)));
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(CAP);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(20 - CAP);
    const em = h.orm.em.fork();
    expect(await em.count(Invitation, { organization: owner.orgId })).toBe(CAP);

    const refused = await rejection(invite(owner, uniqueEmail('one-more')));
    expect(refused.message).toContain('pending invitations');
    expect(refused.data.retryAfterSeconds).toBeGreaterThan(6 * 86_400);

    const live = await owner.browser.call((c) => c.orgAdmin.invitations.list());
    await invite(owner, live[0]!.email);
    await owner.browser.call((c) => c.orgAdmin.invitations.revoke({ invitationId: live[1]!.id }));
    await invite(owner, uniqueEmail('freed'));
    await expectFailure(invite(owner, uniqueEmail('over')), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(await em.count(Invitation, { organization: owner.orgId, acceptedAt: null, revokedAt: null })).toBe(CAP);
  });
});
