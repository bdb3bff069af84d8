// Attack: in an organisation that requires MFA, strip an account back to a password alone by
// removing its last second factor (the authenticator app, or the last passkey), one call at a
// time or two at once.
import { AuditEvent, MfaTotp, Notification, Passkey } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondFactorsOf } from '../src/domain/second-factors.js';
import { snapshotRows } from './database-snapshot.js';
import { createHarness, expectFailure, settledReasons, type Browser, type Harness } from './harness.js';
import { enrolTotp } from './mfa-helpers.js';
import { SoftAuthenticator } from './soft-authenticator.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const REFUSED = { code: 'PRECONDITION_FAILED', reason: 'MFA_REQUIRED' } as const;

/** An owner (with an authenticator app) and a member of one organisation, the policy on or off. */
async function orgWithMember(requireMfa: boolean) {
  const owner = await h.signUp();
  await enrolTotp(owner.browser);
  if (requireMfa) await owner.browser.call((c) => c.orgAdmin.settings.update({ requireMfa: true }));
  const email = `member-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const { url } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
  const member = h.browser();
  const { userId } = await member.call((c) =>
    c.auth.acceptInvitation({ token: url.split('/').pop()!, displayName: 'Member', password: 'member passphrase 2024!' }),
  );
  return { owner, member, memberId: userId };
}

async function addPasskey(browser: Browser, name: string): Promise<string> {
  const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
  const response = new SoftAuthenticator(h.config.appOrigin).register(options);
  const { passkey } = await browser.call((c) => c.me.mfa.passkeys.register({ name, response }));
  return passkey.id;
}

/** The factor kinds that count as MFA (backup codes stand in for them, never alone). */
async function factorKinds(userId: string): Promise<string[]> {
  return (await secondFactorsOf(h.orm.em.fork(), userId)).map((f) => f.method);
}

const removals = (userId: string) =>
  h.orm.em.fork().count(AuditEvent, { targetId: userId, action: 'mfa.totp_disabled' });
const passkeyRemovals = (actorId: string) => h.orm.em.fork().count(AuditEvent, { actorId, action: 'mfa.passkey_removed' });

describe('removing the last factor while the organisation requires MFA', () => {
  it('me.mfa.totp.disable is refused with a sentence a person understands, and changes nothing', async () => {
    const { member, memberId } = await orgWithMember(true);
    await enrolTotp(member);
    const before = await snapshotRows(h.orm);

    const error = await expectFailure(member.call((c) => c.me.mfa.totp.disable()), REFUSED);
    expect(error.message).toBe('Your organisation requires two-factor authentication: add another factor before removing this one');

    // Not one row written: the app, the backup codes, no audit row, no notice or mail, and no
    // security denial either (the caller may manage their factors; the account's state refused).
    expect(await snapshotRows(h.orm)).toEqual(before);
    expect(await factorKinds(memberId)).toEqual(['totp', 'backup_code']);
    expect(await member.call((c) => c.me.get())).toMatchObject({ mfaEnrollmentRequired: false });
  });

  it('me.mfa.passkeys.delete of the last passkey is refused, and changes nothing', async () => {
    const { member, memberId } = await orgWithMember(true);
    const passkeyId = await addPasskey(member, 'Laptop');
    const before = await snapshotRows(h.orm);

    await expectFailure(member.call((c) => c.me.mfa.passkeys.delete({ passkeyId })), REFUSED);

    expect(await snapshotRows(h.orm)).toEqual(before);
    expect(await factorKinds(memberId)).toEqual(['passkey', 'backup_code']);
    expect(await passkeyRemovals(memberId)).toBe(0);
    expect(await h.orm.em.fork().count(Notification, { user: memberId, type: 'mfa.passkey_removed' })).toBe(0);
  });

  it('holds for the owner who switched the policy on, too', async () => {
    const { owner } = await orgWithMember(true);
    await expectFailure(owner.browser.call((c) => c.me.mfa.totp.disable()), REFUSED);
    expect(await factorKinds(owner.userId)).toEqual(['totp', 'backup_code']);
  });

  it('a factor goes while another remains: the app beside a passkey, a passkey beside another', async () => {
    const { member, memberId } = await orgWithMember(true);
    await enrolTotp(member);
    const laptop = await addPasskey(member, 'Laptop');
    const phone = await addPasskey(member, 'Phone');

    await member.call((c) => c.me.mfa.totp.disable());
    expect(await removals(memberId)).toBe(1);
    await member.call((c) => c.me.mfa.passkeys.delete({ passkeyId: laptop }));
    expect(await passkeyRemovals(memberId)).toBe(1);
    // The backup codes stay: MFA is still on.
    expect(await factorKinds(memberId)).toEqual(['passkey', 'backup_code']);

    await expectFailure(member.call((c) => c.me.mfa.passkeys.delete({ passkeyId: phone })), REFUSED);
    expect((await h.orm.em.fork().find(Passkey, { user: memberId })).map((p) => p.id)).toEqual([phone]);
  });

  it('the last one goes once another factor was added first', async () => {
    const { member, memberId } = await orgWithMember(true);
    const laptop = await addPasskey(member, 'Laptop');
    await expectFailure(member.call((c) => c.me.mfa.passkeys.delete({ passkeyId: laptop })), REFUSED);
    await enrolTotp(member);
    await member.call((c) => c.me.mfa.passkeys.delete({ passkeyId: laptop }));
    expect(await factorKinds(memberId)).toEqual(['totp', 'backup_code']);
  });

  it('once the owner lifts the policy, the last factor may go (and the backup codes with it)', async () => {
    const { owner, member, memberId } = await orgWithMember(true);
    await enrolTotp(member);
    await expectFailure(member.call((c) => c.me.mfa.totp.disable()), REFUSED);
    await owner.browser.call((c) => c.orgAdmin.settings.update({ requireMfa: false }));
    await member.call((c) => c.me.mfa.totp.disable());
    expect(await factorKinds(memberId)).toEqual([]);
  });
});

describe('removing the last factor where the organisation does not require MFA', () => {
  it('the authenticator app goes, audited, and MFA is off', async () => {
    const { member, memberId } = await orgWithMember(false);
    await enrolTotp(member);
    await member.call((c) => c.me.mfa.totp.disable());
    expect(await h.orm.em.fork().count(MfaTotp, { user: memberId })).toBe(0);
    expect(await removals(memberId)).toBe(1);
    expect(await factorKinds(memberId)).toEqual([]);
  });

  it('the last passkey goes, audited, and MFA is off', async () => {
    const { member, memberId } = await orgWithMember(false);
    const passkeyId = await addPasskey(member, 'Laptop');
    await member.call((c) => c.me.mfa.passkeys.delete({ passkeyId }));
    expect(await passkeyRemovals(memberId)).toBe(1);
    expect(await factorKinds(memberId)).toEqual([]);
  });
});

describe('two removals at once of the last two factors', () => {
  // Each removal alone would be allowed (the other factor remains): only taking turns on the
  // account lets the second one see that the first has gone.
  it('the app and the last passkey: one goes, the other is refused, MFA stays on', async () => {
    for (let round = 0; round < 5; round++) {
      const { member, memberId } = await orgWithMember(true);
      await enrolTotp(member);
      const passkeyId = await addPasskey(member, 'Laptop');
      const results = await Promise.allSettled([
        member.call((c) => c.me.mfa.totp.disable()),
        member.call((c) => c.me.mfa.passkeys.delete({ passkeyId })),
      ]);
      expect(settledReasons(results).sort()).toEqual(['MFA_REQUIRED', 'ok']);
      const left = await factorKinds(memberId);
      expect(left.filter((k) => k !== 'backup_code')).toHaveLength(1);
      expect(left).toContain('backup_code');
      expect((await removals(memberId)) + (await passkeyRemovals(memberId))).toBe(1);
    }
  });

  it('two passkeys, the only factors: one goes, the other stays', async () => {
    for (let round = 0; round < 5; round++) {
      const { member, memberId } = await orgWithMember(true);
      const ids = [await addPasskey(member, 'Laptop'), await addPasskey(member, 'Phone')];
      const results = await Promise.allSettled(ids.map((passkeyId) => member.call((c) => c.me.mfa.passkeys.delete({ passkeyId }))));
      expect(settledReasons(results).sort()).toEqual(['MFA_REQUIRED', 'ok']);
      expect(await h.orm.em.fork().count(Passkey, { user: memberId })).toBe(1);
      expect(await passkeyRemovals(memberId)).toBe(1);
      expect(await h.orm.em.fork().count(Notification, { user: memberId, type: 'mfa.passkey_removed' })).toBe(1);
    }
  });
});
