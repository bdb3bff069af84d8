// Attack: use the server as a spam relay by sending invitations faster than the limits allow,
// spread over the server instances behind the load balancer and over several inviters. Two built
// servers share one PostgreSQL and one Redis; per inviter and per organisation (SPEC §10), 2N
// concurrent invitations alternating between the two must let exactly N through.
import { DEFAULT_LIMITS, type LimitName } from '@gatehouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trpc, uniqueEmail } from '../scim-client.js';
import { alternating, expectWaits, invited, newOwner, outcomes, startPair, type Pair } from './pair.js';

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(() => pair?.close());

const N = (name: LimitName) => DEFAULT_LIMITS[name].points;

describe('invitation limits hold exactly across two instances', () => {
  it(`invitations: ${N('invitationInviter')} per inviter an hour`, async () => {
    const owner = await newOwner(pair, 'recruiter');
    const results = await alternating(pair, 2 * N('invitationInviter'), (on) =>
      trpc(on, 'orgAdmin.invitations.create', { email: uniqueEmail('candidate'), role: 'member', teamIds: [] }, { cookie: owner.cookie }),
    );
    expect(outcomes(results)).toEqual({ ok: N('invitationInviter'), RATE_LIMITED: N('invitationInviter') });
    expectWaits(results);
  });

  it(`invitations: ${N('invitationOrg')} per organisation a day, whoever invites`, async () => {
    // Enough owners that no one inviter's own limit is reached: only the organisation's can refuse.
    const owner = await newOwner(pair, 'big');
    const perInviter = N('invitationInviter');
    const inviters = Math.ceil((2 * N('invitationOrg')) / perInviter);
    const coOwners = await Promise.all(Array.from({ length: inviters - 1 }, (_, i) => invited(pair, owner, 'owner', `co-owner-${i + 1}`)));
    const setup = coOwners.length; // one org point each, and one of the first owner's own
    const left = N('invitationOrg') - setup;
    // The first owner sends what their own budget has left; every co-owner sends theirs in full.
    const plan = [...Array.from({ length: 2 * left - (inviters - 1) * perInviter }, () => owner), ...coOwners.flatMap((o) => Array.from({ length: perInviter }, () => o))];
    expect(plan.filter((o) => o === owner).length).toBeLessThanOrEqual(perInviter - setup);
    const results = await alternating(pair, plan.length, (on, i) =>
      trpc(on, 'orgAdmin.invitations.create', { email: uniqueEmail('wave'), role: 'member', teamIds: [] }, { cookie: plan[i]!.cookie }),
      // Writers queue on the organisation's row lock; 20 in flight keeps the wait for a database
      // connection far from the 5 s after which a loaded machine would answer 503.
      20,
    );
    expect(outcomes(results)).toEqual({ ok: left, RATE_LIMITED: left });
    expectWaits(results);
    const [counted] = await pair.orm.em
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from invitation where organization_id = (select organization_id from membership where user_id = ?)', [owner.userId]);
    expect(Number(counted!.n)).toBe(N('invitationOrg'));
  });
});
