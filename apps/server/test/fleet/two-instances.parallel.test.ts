// Race: many people sign up, and many keys are minted, at the same moment through both instances
// of a fleet on one PostgreSQL and one Redis. Whatever interleaving the two processes and the
// database produce, every invariant holds: one account per email, exactly one organisation (with
// its owner) per successful sign-up and none left behind by a losing one, key limits counted
// once across both, every key unique and usable on the instance that did not mint it, no 5xx.
import { ApiKey, AuditEvent, Membership, Organization, User } from '@gatehouse/db';
import { DEFAULT_LIMITS } from '@gatehouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { alternating, expectWaits, freshIp, newOwner, outcomes, startPair, type Account, type Pair } from './pair.js';

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(() => pair?.close());

const em = () => pair.orm.em.fork();

describe('50 parallel writes split across two instances', () => {
  it('sign-ups: one account per email, one organisation per account, the losers of a race leave nothing', async () => {
    // 40 different people, and 5 addresses each sent twice at once (a double click, a retry).
    const emails = [...Array.from({ length: 40 }, () => uniqueEmail('crowd')), ...Array.from({ length: 5 }, () => uniqueEmail('twice'))];
    const requests = [...emails, ...emails.slice(40)];
    expect(requests).toHaveLength(50);
    // Five client addresses, ten sign-ups each: inside the per-address limit.
    const ips = Array.from({ length: 5 }, () => freshIp());
    const orgsBefore = await em().count(Organization, {});

    const results = await alternating(pair, requests.length, (on, i) =>
      trpc<{ userId: string }>(on, 'auth.signUp', { email: requests[i]!, password: PASSWORD, displayName: `Person ${i}`, orgName: `Org ${i}` }, { ip: ips[i % 5]! }),
    );
    expect(outcomes(results)).toEqual({ ok: 45, EMAIL_TAKEN: 5 });
    for (const taken of results.filter((r) => r.error)) expect(taken.status).toBe(409);

    const users = await em().find(User, { email: { $in: emails } });
    expect(users.map((u) => u.email).sort()).toEqual([...emails].sort());
    const won = new Set(results.filter((r) => r.data).map((r) => r.data!.userId));
    expect(new Set(users.map((u) => u.id))).toEqual(won);

    // Exactly one organisation per account, each with its founder as sole member and owner; no
    // organisation from a losing request survived its rollback.
    expect((await em().count(Organization, {})) - orgsBefore).toBe(45);
    const memberships = await em().find(Membership, { user: { $in: [...won] } });
    expect(memberships).toHaveLength(45);
    expect(memberships.every((m) => m.role === 'owner')).toBe(true);
    const orgIds = memberships.map((m) => m.organization.id);
    expect(new Set(orgIds).size).toBe(45);
    expect(await em().count(Membership, { organization: { $in: orgIds } })).toBe(45);
    expect(await em().count(AuditEvent, { action: 'user.signed_up', actorId: { $in: [...won] } })).toBe(45);

    // Every winner's session works on the other instance and sees their own account.
    await Promise.all(
      results.map(async (r, i) => {
        if (!r.data) return;
        const me = ok(await trpc<{ id: string; email: string }>(pair.pick(i + 1), 'me.get', undefined, { cookie: r.cookie! }, 'query'));
        expect(me).toMatchObject({ id: r.data.userId, email: requests[i] });
      }),
    );
  });

  it('key creations: each user’s limit counted once across both, every key unique and usable on the other instance', async () => {
    const limit = DEFAULT_LIMITS.keyMint.points;
    const users: Account[] = await Promise.all(Array.from({ length: 5 }, (_, i) => newOwner(pair, `minter-${i}`)));
    // Four users ask for more keys than their limit, one for fewer: 12 + 12 + 12 + 12 + 2 = 50.
    const asks = [12, 12, 12, 12, 2];
    const plan = asks.flatMap((n, u) => Array.from({ length: n }, () => users[u]!));
    expect(plan).toHaveLength(50);

    const results = await alternating(pair, plan.length, (on, i) =>
      trpc<{ key: { id: string; prefix: string }; secret: string }>(
        on,
        'me.apiKeys.create',
        { name: `parallel ${i}`, scopes: ['profile:read'], expiresInDays: 7 },
        { cookie: plan[i]!.cookie },
      ),
    );
    const granted = asks.map((n) => Math.min(n, limit));
    const total = granted.reduce((a, b) => a + b, 0);
    expect(outcomes(results)).toEqual({ ok: total, RATE_LIMITED: 50 - total });
    expectWaits(results);

    for (const [u, user] of users.entries()) {
      const mine = results.filter((r, i) => plan[i] === user && r.data);
      expect(mine).toHaveLength(granted[u]!);
      const listed = ok(await trpc<{ id: string }[]>(pair.pick(u), 'me.apiKeys.list', undefined, { cookie: user.cookie }, 'query'));
      expect(listed.map((k) => k.id).sort()).toEqual(mine.map((r) => r.data!.key.id).sort());
      expect(await em().count(ApiKey, { user: user.userId })).toBe(granted[u]);
      expect(await em().count(AuditEvent, { action: 'api_key.created', actorId: user.userId })).toBe(granted[u]);
    }

    const minted = results.flatMap((r) => (r.data ? [r.data] : []));
    expect(new Set(minted.map((d) => d.key.id)).size).toBe(total);
    expect(new Set(minted.map((d) => d.key.prefix)).size).toBe(total);
    expect(new Set(minted.map((d) => d.secret)).size).toBe(total);
    // Each secret authenticates its owner on the instance that did not mint it.
    await Promise.all(
      results.map(async (r, i) => {
        if (!r.data) return;
        const me = ok(await trpc<{ id: string; via: string }>(pair.pick(i + 1), 'me.get', undefined, { bearer: r.data.secret }, 'query'));
        expect(me).toMatchObject({ id: plan[i]!.userId, via: 'apiKey' });
      }),
    );
  });
});
