// Attack: guess passwords faster than the limits allow by spreading the guesses over the server
// instances behind the load balancer. Two built servers share one PostgreSQL and one Redis; for
// every limit on password attempts and account creation (SPEC §6, and spraying per address),
// 2N concurrent attempts alternating between the two must let exactly N through. The limits on
// everything else are two-instances.action-limits.test.ts.
import { DEFAULT_LIMITS, type LimitName } from '@gatehouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { alternating, expectWaits, freshIp, newOwner, outcomes, startPair, type Pair } from './pair.js';

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(() => pair?.close());

const N = (name: LimitName) => DEFAULT_LIMITS[name].points;
const WRONG = 'not the password at all';

describe('password and sign-up limits hold exactly across two instances', () => {
  it(`sign-up: ${N('signUp')} per address an hour`, async () => {
    const ip = freshIp();
    const results = await alternating(pair, 2 * N('signUp'), (on) =>
      trpc(on, 'auth.signUp', { email: uniqueEmail('burst'), password: PASSWORD, displayName: 'Burst', orgName: 'Burst' }, { ip }),
    );
    expect(outcomes(results)).toEqual({ ok: N('signUp'), RATE_LIMITED: N('signUp') });
    expectWaits(results);
    // Accepting an invitation creates an account too: it counts against the same address.
    const owner = await newOwner(pair, 'inviter');
    const { url } = ok(await trpc<{ url: string }>(pair.a, 'orgAdmin.invitations.create', { email: uniqueEmail('late'), role: 'member', teamIds: [] }, { cookie: owner.cookie }));
    const accepted = await trpc(pair.b, 'auth.acceptInvitation', { token: url.slice(url.lastIndexOf('/') + 1), displayName: 'Late', password: PASSWORD }, { ip });
    expect(accepted.error?.data.reason).toBe('RATE_LIMITED');
  });

  it(`sign-in: ${N('signIn')} per email and address, the right password refused too once spent`, async () => {
    const victim = await newOwner(pair, 'victim', { verified: false });
    const ip = freshIp();
    const results = await alternating(pair, 2 * N('signIn'), (on) => trpc(on, 'auth.signIn', { email: victim.email, password: WRONG }, { ip }));
    expect(outcomes(results)).toEqual({ INVALID_CREDENTIALS: N('signIn'), RATE_LIMITED: N('signIn') });
    expectWaits(results);
    expect((await trpc(pair.a, 'auth.signIn', { email: victim.email, password: PASSWORD }, { ip })).error?.data.reason).toBe('RATE_LIMITED');
    expect((await trpc(pair.b, 'auth.signIn', { email: victim.email, password: PASSWORD }, { ip })).error?.data.reason).toBe('RATE_LIMITED');
    // Another address is not held back by the guesser's.
    ok(await trpc(pair.b, 'auth.signIn', { email: victim.email, password: PASSWORD }, { ip: freshIp() }));
  });

  it(`password spraying: ${N('signInIp')} failed sign-ins per address over any emails`, async () => {
    const ip = freshIp();
    const results = await alternating(pair, 2 * N('signInIp'), (on) => trpc(on, 'auth.signIn', { email: uniqueEmail('sprayed'), password: WRONG }, { ip }));
    expect(outcomes(results)).toEqual({ INVALID_CREDENTIALS: N('signInIp'), RATE_LIMITED: N('signInIp') });
    expectWaits(results);
  });

  it(`sudo: ${N('sudo')} failed password confirmations per user`, async () => {
    const user = await newOwner(pair, 'sudoer', { verified: false });
    const results = await alternating(pair, 2 * N('sudo'), (on) => trpc(on, 'me.sudo.enter', { password: WRONG }, { cookie: user.cookie }));
    expect(outcomes(results)).toEqual({ INVALID_CREDENTIALS: N('sudo'), RATE_LIMITED: N('sudo') });
    expectWaits(results);
    // Spent on B and A alike: even the right password waits now, and the session lives on.
    expect((await trpc(pair.b, 'me.sudo.enter', { password: PASSWORD }, { cookie: user.cookie })).error?.data.reason).toBe('RATE_LIMITED');
    ok(await trpc(pair.a, 'me.get', undefined, { cookie: user.cookie }, 'query'));
  });

  it(`account deletion: ${N('deletion')} attempts per user an hour`, async () => {
    const user = await newOwner(pair, 'deleter', { verified: false });
    const results = await alternating(pair, 2 * N('deletion'), (on) => trpc(on, 'me.deleteAccount', { password: WRONG }, { cookie: user.cookie }));
    expect(outcomes(results)).toEqual({ INVALID_CREDENTIALS: N('deletion'), RATE_LIMITED: N('deletion') });
    expectWaits(results);
    // The right password waits too, and the account is still there.
    expect((await trpc(pair.b, 'me.deleteAccount', { password: PASSWORD }, { cookie: user.cookie })).error?.data.reason).toBe('RATE_LIMITED');
    ok(await trpc(pair.a, 'me.get', undefined, { cookie: user.cookie }, 'query'));
  });
});
