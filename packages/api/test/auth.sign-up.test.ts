import { AuditEvent, Membership, Organization, Session, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { signUp: { points: 3, durationSeconds: 3600 } } });
});
afterAll(() => h.close());

const counts = async () => {
  const em = h.orm.em.fork();
  return {
    users: await em.count(User),
    orgs: await em.count(Organization),
    memberships: await em.count(Membership),
    sessions: await em.count(Session),
  };
};

describe('auth.signUp', () => {
  it('creates the user, their organisation with them as owner, and a signed-in session', async () => {
    const email = uniqueEmail('Founder').toUpperCase();
    const { browser, userId } = await h.signUp({ email, displayName: 'Ada', orgName: 'Analytical' });
    const em = h.orm.em.fork();
    const user = await em.findOneOrFail(User, userId);
    expect(user.email).toBe(email.toLowerCase());
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const membership = await em.findOneOrFail(Membership, { user: userId }, { populate: ['organization'] });
    expect(membership.role).toBe('owner');
    expect(membership.organization.name).toBe('Analytical');
    const me = await browser.call((c) => c.me.get());
    expect(me).toMatchObject({ id: userId, displayName: 'Ada', role: 'owner', via: 'session' });
    expect(me.permissions).toEqual(['profile:read', 'profile:write', 'agents:read', 'org:read', 'org:write']);
    expect(await em.count(AuditEvent, { action: 'user.signed_up', actorId: userId })).toBe(1);
  });

  it('refuses an email already registered, in any letter case, and changes nothing', async () => {
    const { email } = await h.signUp();
    const before = await counts();
    await expectFailure(
      h.browser().call((c) =>
        c.auth.signUp({ email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD, displayName: 'B', orgName: 'B' }),
      ),
      { code: 'CONFLICT', reason: 'EMAIL_TAKEN' },
    );
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a short password', { password: 'short' }],
    ['a common password', { password: 'password1234' }],
    ['an overlong password', { password: 'x'.repeat(257) }],
    ['a malformed email', { email: 'not-an-email' }],
    ['an empty name', { displayName: '   ' }],
    ['a missing organisation name', { orgName: '' }],
  ])('refuses %s with VALIDATION and changes nothing', async (_label, override) => {
    const before = await counts();
    const error = await expectFailure(
      h.browser().call((c) =>
        c.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'C', orgName: 'C', ...override }),
      ),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    expect(error.data.issues?.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it('is rate-limited per IP', async () => {
    const browser = h.browser({ ip: '192.0.2.77' });
    const attempt = () =>
      browser.call((c) => c.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'R', orgName: 'R' }));
    for (let i = 0; i < 3; i++) await attempt();
    const error = await expectFailure(attempt(), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(error.data.retryAfterSeconds).toBeGreaterThan(3500);
    // Another IP is unaffected.
    await h.browser({ ip: '192.0.2.78' }).call((c) =>
      c.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'R', orgName: 'R' }),
    );
  });
});
