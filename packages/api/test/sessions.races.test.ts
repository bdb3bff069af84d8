// Attack: race the writes that open and end sessions (20 at once on one email, one invitation
// link, one cookie, one session id) to get an account without its session, a session without its
// account, an ended session without its audit row, or the same ending audited twenty times.
import { AuditEvent, Invitation, Organization, Session, User } from '@gatehouse/db';
import { refusingInserts } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createHarness, expectFailure, rejectedCodes, settledReasons, uniqueEmail, type Browser, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { signUp: { points: 1000, durationSeconds: 3600 } } });
});
afterAll(() => h.close());

const internal = { code: 'INTERNAL_SERVER_ERROR', reason: null } as const;
const twenty = <T>(fn: (i: number) => Promise<T>) => Promise.allSettled(Array.from({ length: 20 }, (_, i) => fn(i)));

/** Twenty browsers holding the same session cookie. */
function copiesOf(browser: Browser): Browser[] {
  return Array.from({ length: 20 }, () => Object.assign(h.browser(), { cookie: browser.cookie }));
}

async function invite() {
  const owner = await h.signUp();
  const email = uniqueEmail('invitee');
  const { url } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
  return { email, token: url.split('/invite/')[1]! };
}

describe('sign-up opens its session in the account’s transaction', () => {
  it('20 parallel sign-ups with one email: one account with exactly one session, the rest EMAIL_TAKEN', async () => {
    const email = uniqueEmail('race');
    const fields = { email, password: STRONG_PASSWORD, displayName: 'Racer', orgName: 'Race Org' };
    const results = await twenty(() => h.browser().call((c) => c.auth.signUp(fields)));
    expect(settledReasons(results).sort()).toEqual([...Array(19).fill('EMAIL_TAKEN'), 'ok']);
    const em = h.orm.em.fork();
    const user = await em.findOneOrFail(User, { email });
    expect(await em.count(Session, { user: user.id })).toBe(1);
    expect(await em.count(AuditEvent, { action: 'user.signed_up', actorId: user.id })).toBe(1);
  });

  it('when the session cannot be stored, no account, organisation or audit row is left behind', async () => {
    const email = uniqueEmail('atomic');
    const [users, orgs] = [await h.orm.em.fork().count(User), await h.orm.em.fork().count(Organization)];
    await refusingInserts(h.orm, 'session', 'true', async () => {
      await expectFailure(
        h.browser().call((c) => c.auth.signUp({ email, password: STRONG_PASSWORD, displayName: 'A', orgName: 'Atomic Org' })),
        internal,
      );
    });
    const em = h.orm.em.fork();
    expect([await em.count(User), await em.count(Organization)]).toEqual([users, orgs]);
    // The address is still free: signing up again works.
    await h.browser().call((c) => c.auth.signUp({ email, password: STRONG_PASSWORD, displayName: 'A', orgName: 'Atomic Org' }));
  });
});

describe('invitation acceptance opens its session in the account’s transaction', () => {
  it('20 parallel acceptances of one link: one account with exactly one session, the rest a dead link', async () => {
    const { email, token } = await invite();
    const results = await twenty(() =>
      h.browser().call((c) => c.auth.acceptInvitation({ token, displayName: 'Invitee', password: STRONG_PASSWORD })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejectedCodes(results)).toEqual(Array(19).fill('NOT_FOUND'));
    const em = h.orm.em.fork();
    const user = await em.findOneOrFail(User, { email });
    expect(await em.count(Session, { user: user.id })).toBe(1);
  });

  it('when the session cannot be stored, no account is created and the link still works', async () => {
    const { email, token } = await invite();
    await refusingInserts(h.orm, 'session', 'true', async () => {
      await expectFailure(
        h.browser().call((c) => c.auth.acceptInvitation({ token, displayName: 'Invitee', password: STRONG_PASSWORD })),
        internal,
      );
    });
    const em = h.orm.em.fork();
    expect(await em.count(User, { email })).toBe(0);
    expect((await em.findOneOrFail(Invitation, { email })).acceptedAt).toBeNull();
    await h.browser().call((c) => c.auth.acceptInvitation({ token, displayName: 'Invitee', password: STRONG_PASSWORD }));
  });
});

describe('sign-out and revocation audit in the transaction that deletes', () => {
  it('20 parallel sign-outs with one cookie: the session ends, audited once', async () => {
    const { browser, userId } = await h.signUp();
    const sessionId = (await browser.call((c) => c.me.sessions.list())).find((s) => s.current)!.id;
    const results = await Promise.allSettled(copiesOf(browser).map((b) => b.call((c) => c.auth.signOut())));
    expect(settledReasons(results)).toEqual(Array(20).fill('ok'));
    const em = h.orm.em.fork();
    expect(await em.count(Session, { id: sessionId })).toBe(0);
    expect(await em.count(AuditEvent, { action: 'user.signed_out', actorId: userId })).toBe(1);
  });

  it('20 parallel revocations of one session: one ends it and audits it, the rest NOT_FOUND', async () => {
    const { browser, userId, email } = await h.signUp();
    const other = h.browser();
    await other.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    const target = (await browser.call((c) => c.me.sessions.list())).find((s) => !s.current)!.id;
    const results = await twenty(() => browser.call((c) => c.me.sessions.revoke({ sessionId: target })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejectedCodes(results)).toEqual(Array(19).fill('NOT_FOUND'));
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'session.revoked', actorId: userId, targetId: target })).toBe(1);
  });

  it('when the audit row cannot be written, the session is not ended unrecorded', async () => {
    const { browser, email } = await h.signUp();
    const other = h.browser();
    await other.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    const target = (await browser.call((c) => c.me.sessions.list())).find((s) => !s.current)!.id;
    await refusingInserts(h.orm, 'audit_event', `new.action in ('session.revoked', 'user.signed_out', 'session.revoked_others')`, async () => {
      await expectFailure(browser.call((c) => c.me.sessions.revoke({ sessionId: target })), internal);
      await expectFailure(browser.call((c) => c.me.sessions.revokeOthers()), internal);
      await expectFailure(other.call((c) => c.auth.signOut()), internal);
    });
    expect(await h.orm.em.fork().count(Session, { id: target })).toBe(1);
  });
});
