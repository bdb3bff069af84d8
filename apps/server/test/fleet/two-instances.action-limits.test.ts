// Attack: mint keys, export, mail people or call SCIM faster than the limits allow by spreading
// the calls over the server instances behind the load balancer. Two built servers share one
// PostgreSQL and one Redis; for every such limit (SPEC §6 and §10: keys, export, mailed links,
// SCIM tokens, the refusal-audit throttle), 2N concurrent attempts alternating between the two
// must let exactly N through. Password attempts: two-instances.password-limits.test.ts;
// invitations: two-instances.invitation-limits.test.ts.
import { DEFAULT_LIMITS, type LimitName } from '@gatehouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, ownerWithScimToken, scimCall, trpc, uniqueEmail } from '../scim-client.js';
import { alternating, expectWaits, freshIp, inParallel, invited, newOwner, outcomes, startPair, type Pair } from './pair.js';

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(() => pair?.close());

const N = (name: LimitName) => DEFAULT_LIMITS[name].points;

describe('limits on keys, exports, mail and SCIM hold exactly across two instances', () => {
  it(`key creation and rotation: ${N('keyMint')} per user an hour`, async () => {
    const user = await newOwner(pair, 'minter');
    const results = await alternating(pair, 2 * N('keyMint'), (on, i) =>
      trpc(on, 'me.apiKeys.create', { name: `key ${i}`, scopes: ['profile:read'], expiresInDays: 7 }, { cookie: user.cookie }),
    );
    expect(outcomes(results)).toEqual({ ok: N('keyMint'), RATE_LIMITED: N('keyMint') });
    expectWaits(results);
    const keys = ok(await trpc<{ id: string }[]>(pair.b, 'me.apiKeys.list', undefined, { cookie: user.cookie }, 'query'));
    expect(keys).toHaveLength(N('keyMint'));
    // Rotation mints a secret: it draws on the same spent budget.
    const rotate = await trpc(pair.a, 'me.apiKeys.rotate', { keyId: keys[0]!.id }, { cookie: user.cookie });
    expect(rotate.error?.data.reason).toBe('RATE_LIMITED');
  });

  it(`export: ${N('export')} per user an hour`, async () => {
    const user = await newOwner(pair, 'exporter', { verified: false });
    const results = await alternating(pair, 2 * N('export'), (on) => trpc(on, 'me.exportData', null, { cookie: user.cookie }));
    expect(outcomes(results)).toEqual({ ok: N('export'), RATE_LIMITED: N('export') });
    expectWaits(results);
    for (const r of results.filter((r) => !r.error)) expect(r.data).toMatchObject({ format: 'gatehouse-export/v1' });
  });

  it(`resending the verification mail: ${N('verificationMail')} per user an hour, and exactly that many mails`, async () => {
    const user = await newOwner(pair, 'unproven', { verified: false });
    const mails = () => pair.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from outbox_mail where to_address = ?', [user.email]);
    const before = Number((await mails())[0]!.n);
    const results = await alternating(pair, 2 * N('verificationMail'), (on) => trpc(on, 'me.resendVerification', null, { cookie: user.cookie }));
    expect(outcomes(results)).toEqual({ ok: N('verificationMail'), RATE_LIMITED: N('verificationMail') });
    expectWaits(results);
    expect(Number((await mails())[0]!.n) - before).toBe(N('verificationMail'));
  });

  it(`password reset: ${N('passwordResetByEmail')} per address mailed, from any number of client addresses`, async () => {
    const user = await newOwner(pair, 'forgetful', { verified: false });
    const results = await alternating(pair, 2 * N('passwordResetByEmail'), (on) => trpc(on, 'auth.requestPasswordReset', { email: user.email }, { ip: freshIp() }));
    expect(outcomes(results)).toEqual({ ok: N('passwordResetByEmail'), RATE_LIMITED: N('passwordResetByEmail') });
    expectWaits(results);
  });

  it(`password reset: ${N('passwordResetByIp')} per client address over any emails`, async () => {
    const ip = freshIp();
    const results = await alternating(pair, 2 * N('passwordResetByIp'), (on) => trpc(on, 'auth.requestPasswordReset', { email: uniqueEmail('anyone') }, { ip }));
    expect(outcomes(results)).toEqual({ ok: N('passwordResetByIp'), RATE_LIMITED: N('passwordResetByIp') });
    expectWaits(results);
  });

  it(`SCIM: ${N('scim')} requests per token a minute`, async () => {
    const { scimToken } = await ownerWithScimToken(pair.server, 'Provisioned');
    const results = await inParallel(2 * N('scim'), (i) => scimCall(pair.pick(i), scimToken, 'GET', '/Users?count=1'));
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    expect(statuses).toEqual({ 200: N('scim'), 429: N('scim') });
  });

  it('refusal audit: one row per actor and reason a minute, however many instances refused', async () => {
    const owner = await newOwner(pair, 'watched');
    const member = await invited(pair, owner, 'member', 'nosy');
    const results = await alternating(pair, 10, (on) => trpc(on, 'orgAdmin.members.list', {}, { cookie: member.cookie }, 'query'));
    expect(outcomes(results)).toEqual({ INSUFFICIENT_ROLE: 10 });
    const rows = await pair.orm.em
      .getConnection()
      .execute<{ n: string }[]>("select count(*) as n from audit_event where action = 'security.access_denied' and actor_id = ?", [member.userId]);
    expect(Number(rows[0]!.n)).toBe(1);
  });
});
