// Attack: edit another user's profile by smuggling their id into a self-service call.
import { AuditEvent, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateProfileInput } from '../src/schemas/me.js';
import { createHarness, expectFailure, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('me.get', () => {
  it('returns the caller profile and nothing secret', async () => {
    const { browser, userId, email } = await h.signUp({ displayName: 'Grace', orgName: 'Navy' });
    const me = await browser.call((c) => c.me.get());
    expect(me).toEqual({
      id: userId,
      email,
      emailVerified: true,
      displayName: 'Grace',
      phone: null,
      timezone: 'UTC',
      locale: 'en',
      jobTitle: null,
      department: null,
      role: 'owner',
      org: { id: expect.any(String), name: 'Navy' },
      teams: [],
      permissions: ['profile:read', 'profile:write', 'agents:read', 'org:read', 'org:write'],
      via: 'session',
      mfaEnrollmentRequired: false,
    });
  });

  it('refuses anonymous callers', async () => {
    await expectFailure(h.browser().call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});

describe('me.updateProfile', () => {
  it('updates the caller and audits the changed field names', async () => {
    const { browser, userId } = await h.signUp();
    const me = await browser.call((c) =>
      c.me.updateProfile({ displayName: '  Katherine ', phone: '+44 20 7946 0000', timezone: 'Europe/London', locale: 'en-gb' }),
    );
    expect(me).toMatchObject({ displayName: 'Katherine', phone: '+44 20 7946 0000', timezone: 'Europe/London', locale: 'en-GB' });
    const audit = await h.orm.em.fork().findOneOrFail(AuditEvent, { action: 'profile.updated', actorId: userId });
    expect(audit.metadata).toEqual({ fields: ['displayName', 'phone', 'timezone', 'locale'] });
    expect(await browser.call((c) => c.me.get())).toMatchObject({ displayName: 'Katherine', locale: 'en-GB' });
  });

  it('ignores a smuggled userId (and org-managed fields): only the caller changes', async () => {
    const victim = await h.signUp({ displayName: 'Victim' });
    const attacker = await h.signUp({ displayName: 'Attacker' });
    const smuggled = {
      displayName: 'Pwned',
      userId: victim.userId,
      id: victim.userId,
      email: 'attacker@evil.example',
      jobTitle: 'CEO',
      role: 'owner',
    } as UpdateProfileInput;
    await attacker.browser.call((c) => c.me.updateProfile(smuggled));
    const em = h.orm.em.fork();
    const victimRow = await em.findOneOrFail(User, victim.userId);
    const attackerRow = await em.findOneOrFail(User, attacker.userId);
    expect(victimRow.displayName).toBe('Victim');
    expect(attackerRow.displayName).toBe('Pwned');
    expect(attackerRow.email).not.toBe('attacker@evil.example');
    expect(attackerRow.jobTitle).toBeNull();
  });

  it.each([
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }],
    ['a malformed locale', { locale: 'not a locale!!' }],
    ['a UTC offset instead of a zone', { timezone: '+01:00' }],
    ['a made-up zone under a real region', { timezone: 'Europe/Atlantis' }],
    ['a well-formed locale naming no language', { locale: 'xx-YY' }],
    ['a private-use language', { locale: 'qaa-GB' }],
    ['an empty display name', { displayName: '' }],
    ['an overlong display name', { displayName: 'x'.repeat(101) }],
    ['a phone with letters', { phone: 'call me maybe' }],
  ])('refuses %s with VALIDATION and changes nothing', async (_label, input) => {
    const { browser, userId } = await h.signUp({ displayName: 'Unchanged' });
    const before = await h.orm.em.fork().findOneOrFail(User, userId);
    const error = await expectFailure(
      browser.call((c) => c.me.updateProfile({ displayName: 'Changed', ...input })),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    expect(error.data.issues?.[0]?.path).toEqual([Object.keys(input)[0]]);
    const after = await h.orm.em.fork().findOneOrFail(User, userId);
    expect(after).toEqual(before);
  });

  it('stores a zone and a locale under their canonical names, whatever the case typed', async () => {
    const { browser } = await h.signUp();
    const me = await browser.call((c) => c.me.updateProfile({ timezone: 'america/new_york', locale: 'PT-br' }));
    expect(me).toMatchObject({ timezone: 'America/New_York', locale: 'pt-BR' });
    expect(await browser.call((c) => c.me.updateProfile({ timezone: 'GMT' }))).toMatchObject({ timezone: 'UTC' });
  });

  it('refuses anonymous callers', async () => {
    await expectFailure(h.browser().call((c) => c.me.updateProfile({ displayName: 'x' })), {
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });
  });
});
