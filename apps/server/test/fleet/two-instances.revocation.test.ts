// Attack: keep using a right that was taken away by sending the next request to the other server
// instance, hoping it still holds the old state in memory. Two built servers share one PostgreSQL
// and one Redis; every change is made through A and the very next request goes to B (or the
// other way round), and must already meet the new state, with the exact reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc } from '../scim-client.js';
import { invited, newOwner, startPair, type Account, type Pair } from './pair.js';

let pair: Pair;
let owner: Account;
beforeAll(async () => {
  pair = await startPair();
  owner = await newOwner(pair);
});
afterAll(() => pair?.close());

const refusal = (r: { status: number; error?: { data: { code: string; reason: string | null } } }) => ({
  status: r.status,
  code: r.error?.data.code,
  reason: r.error?.data.reason,
});

async function mintKey(on: Pair['a'], cookie: string, scopes: string[]): Promise<{ id: string; secret: string }> {
  const created = ok(await trpc<{ key: { id: string }; secret: string }>(on, 'me.apiKeys.create', { name: 'fleet', scopes, expiresInDays: 7 }, { cookie }));
  return { id: created.key.id, secret: created.secret };
}

describe('a change made through one instance is felt on the other’s very next request', () => {
  it('a session revoked through A is refused by B; a sign-out through B is refused by A', async () => {
    // The owner's second device.
    const second = await trpc(pair.b, 'auth.signIn', { email: owner.email, password: PASSWORD });
    const laptop = second.cookie!;
    ok(await trpc(pair.b, 'me.get', undefined, { cookie: laptop }, 'query'));

    const sessions = ok(await trpc<{ id: string; current: boolean }[]>(pair.a, 'me.sessions.list', undefined, { cookie: owner.cookie }, 'query'));
    expect(sessions).toHaveLength(2);
    const other = sessions.find((s) => !s.current)!;
    ok(await trpc(pair.a, 'me.sessions.revoke', { sessionId: other.id }, { cookie: owner.cookie }));
    expect(refusal(await trpc(pair.b, 'me.get', undefined, { cookie: laptop }, 'query'))).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });

    // The other way round: a third session signed out through B is dead on A.
    const third = (await trpc(pair.a, 'auth.signIn', { email: owner.email, password: PASSWORD })).cookie!;
    ok(await trpc(pair.a, 'me.get', undefined, { cookie: third }, 'query'));
    ok(await trpc(pair.b, 'auth.signOut', null, { cookie: third }));
    expect(refusal(await trpc(pair.a, 'me.get', undefined, { cookie: third }, 'query'))).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });
    // The owner's own session, on either instance, was never touched.
    for (const on of [pair.a, pair.b]) ok(await trpc(on, 'me.get', undefined, { cookie: owner.cookie }, 'query'));
  });

  it('a role change through A binds the session and the key on B at once, and back', async () => {
    const admin = await invited(pair, owner, 'admin', 'demoted');
    const key = await mintKey(pair.b, admin.cookie, ['org:read']);
    const list = (auth: { cookie?: string; bearer?: string }, on = pair.b) => trpc(on, 'orgAdmin.members.list', {}, auth, 'query');
    ok(await list({ cookie: admin.cookie }));
    ok(await list({ bearer: key.secret }));

    ok(await trpc(pair.a, 'orgAdmin.members.setRole', { userId: admin.userId, role: 'member' }, { cookie: owner.cookie }));
    const denied = { status: 403, code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' };
    expect(refusal(await list({ cookie: admin.cookie }))).toEqual(denied);
    expect(refusal(await list({ bearer: key.secret }))).toEqual(denied);

    // Promoted again through B: A lets both through on the next request.
    ok(await trpc(pair.b, 'orgAdmin.members.setRole', { userId: admin.userId, role: 'admin' }, { cookie: owner.cookie }));
    ok(await list({ cookie: admin.cookie }, pair.a));
    ok(await list({ bearer: key.secret }, pair.a));
  });

  it('removal from a team through A takes the team-scoped permission and the team’s agents on B', async () => {
    const lead = await invited(pair, owner, 'member', 'lead');
    const { id: roleId } = ok(
      await trpc<{ id: string }>(pair.a, 'orgAdmin.roles.create', { name: 'Team lead', description: 'Runs one team', permissions: ['agents:write'] }, { cookie: owner.cookie }),
    );
    const { id: teamId } = ok(await trpc<{ id: string }>(pair.a, 'orgAdmin.teams.create', { name: 'Research' }, { cookie: owner.cookie }));
    const agent = ok(await trpc<{ id: string }>(pair.a, 'orgAdmin.agents.create', { teamId, name: 'Analyst' }, { cookie: owner.cookie }));
    // Held within the team: agents:write reaches that team only.
    ok(await trpc(pair.a, 'orgAdmin.teams.setMemberRole', { teamId, userId: lead.userId, roleId }, { cookie: owner.cookie }));

    const made = ok(await trpc<{ id: string }>(pair.b, 'orgAdmin.agents.create', { teamId, name: 'Lead-made' }, { cookie: lead.cookie }));
    expect(ok(await trpc<{ id: string }>(pair.b, 'agents.get', { agentId: agent.id }, { cookie: lead.cookie }, 'query')).id).toBe(agent.id);

    ok(await trpc(pair.a, 'orgAdmin.teams.removeMember', { teamId, userId: lead.userId }, { cookie: owner.cookie }));
    expect(refusal(await trpc(pair.b, 'orgAdmin.agents.create', { teamId, name: 'After removal' }, { cookie: lead.cookie }))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_ROLE',
    });
    expect(refusal(await trpc(pair.b, 'orgAdmin.agents.delete', { agentId: made.id }, { cookie: lead.cookie }))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_ROLE',
    });
    // The team's agents are gone from sight: not found, exactly like an agent that never existed.
    expect(refusal(await trpc(pair.b, 'agents.get', { agentId: agent.id }, { cookie: lead.cookie }, 'query'))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
      reason: null,
    });
    expect(ok(await trpc(pair.b, 'agents.list', undefined, { cookie: lead.cookie }, 'query'))).toEqual([]);
    // Nothing was made after the removal.
    const agents = ok(await trpc<{ name: string }[]>(pair.a, 'agents.list', undefined, { cookie: owner.cookie }, 'query'));
    expect(agents.map((a) => a.name).sort()).toEqual(['Analyst', 'Lead-made']);
  });

  it('a key deleted through A by its owner, or through B by an org owner, is refused on the other', async () => {
    const own = await mintKey(pair.a, owner.cookie, ['profile:read']);
    ok(await trpc(pair.b, 'me.get', undefined, { bearer: own.secret }, 'query'));
    ok(await trpc(pair.a, 'me.apiKeys.delete', { keyId: own.id }, { cookie: owner.cookie }));
    const invalid = { status: 401, code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' };
    expect(refusal(await trpc(pair.b, 'me.get', undefined, { bearer: own.secret }, 'query'))).toEqual(invalid);

    const member = await invited(pair, owner, 'member', 'keyholder');
    const theirs = await mintKey(pair.b, member.cookie, ['profile:read']);
    ok(await trpc(pair.a, 'me.get', undefined, { bearer: theirs.secret }, 'query'));
    ok(await trpc(pair.b, 'orgAdmin.apiKeys.delete', { keyId: theirs.id }, { cookie: owner.cookie }));
    expect(refusal(await trpc(pair.a, 'me.get', undefined, { bearer: theirs.secret }, 'query'))).toEqual(invalid);
  });
});
