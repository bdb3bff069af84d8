// Attack: delete someone's account from a hijacked session without the password; or leave
// personal data behind (orphans) after an erasure; or strand an organisation without an owner.
import { AuditEvent, Membership, Organization, Session, User, newId, readServerSecret } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitKeyPart } from '../src/rate-limits.js';
import { createHarness, expectFailure, STRONG_PASSWORD, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Every table of the schema, read from the database itself: a table added later is covered too. */
async function everyTable(): Promise<string[]> {
  const conn = h.orm.em.getConnection();
  const postgres = h.orm.em.getPlatform().constructor.name.startsWith('Postgre');
  const rows = postgres
    ? await conn.execute<{ name: string }[]>(`select tablename as name from pg_tables where schemaname = current_schema()`)
    : await conn.execute<{ name: string }[]>(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`);
  return rows.map((r) => r.name).sort();
}

/**
 * Every row anywhere that mentions the user: by foreign key, by id in a column, by email, or by
 * the keyed hash of either that the rate limiter stores instead of them.
 */
async function rowsMentioning(userId: string, email: string): Promise<Record<string, number>> {
  const conn = h.orm.em.getConnection();
  const secret = await readServerSecret(h.orm.em.fork(), 'rate_limit_key');
  const traces = [userId, email, limitKeyPart(secret, userId), limitKeyPart(secret, email)];
  const out: Record<string, number> = {};
  for (const table of await everyTable()) {
    const rows = await conn.execute<Record<string, unknown>[]>(`select * from "${table}"`);
    out[table] = rows.filter((r) => {
      const text = JSON.stringify(r);
      return traces.some((trace) => text.includes(trace));
    }).length;
  }
  return out;
}

async function addMember(orgOfUserId: string, role: 'owner' | 'member' = 'member') {
  const em = h.orm.em.fork();
  const own = await em.findOneOrFail(Membership, { user: orgOfUserId });
  const user = em.create(User, { email: `m-${newId()}@example.com`, displayName: 'M', timezone: 'UTC', locale: 'en', passwordHash: 'x' });
  em.create(Membership, { user, organization: own.organization, role });
  await em.flush();
  return user;
}

describe('me.deleteAccount', () => {
  it('with a wrong password changes nothing and keeps the session', async () => {
    const { browser, userId } = await h.signUp();
    await expectFailure(browser.call((c) => c.me.deleteAccount({ password: 'not my password at all' })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(await h.orm.em.fork().count(User, { id: userId })).toBe(1);
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'sudo.failed', actorId: userId })).toBe(1);
  });

  it('revokes sessions and keys at once and leaves no row of the user in any table (limiter counts included) but opaque audit rows', async () => {
    // Invited elsewhere before signing up: the invitation mail names the address too.
    const email = `erase-${newId()}@example.com`;
    const inviter = await h.signUp({ orgName: 'Inviter Org' });
    await inviter.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
    const { browser, userId } = await h.signUp({ email, orgName: 'Solo Org' });
    const orgId = (await browser.call((c) => c.me.get())).org.id;
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:read'], expiresInDays: 5 }));
    const phone = h.browser();
    await phone.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    await browser.call((c) => c.me.notifications.updatePreferences({ preferences: [{ category: 'product', email: true, inApp: true }] }));
    expect(await h.orm.em.fork().count(AuditEvent, { actorId: userId })).toBeGreaterThan(2);
    // The scan can see the user: in their own tables and in the limiter's counts (key minting, sign-in).
    const before = await rowsMentioning(userId, email);
    expect(before).toMatchObject({ user: 1, session: 2, api_key: 1 });
    expect(before.rate_limit).toBeGreaterThanOrEqual(2);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['rate_limit', 'audit_event', 'invitation', 'outbox_mail']));

    const result = await browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }));
    expect(result).toEqual({ ok: true, organizationDeleted: true });
    expect(browser.cookie).toBeNull();

    await expectFailure(phone.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(h.keyClient(secret).call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });

    const mentions = await rowsMentioning(userId, email);
    expect(mentions).toEqual(Object.fromEntries(Object.keys(mentions).map((t) => [t, 0])));
    expect(await h.orm.em.fork().count(Organization, { id: orgId })).toBe(0);
    const audit = await h.orm.em.fork().find(AuditEvent, { orgId });
    expect(audit.length).toBeGreaterThan(3);
    const opaque = new Set(audit.map((a) => a.actorId).filter(Boolean));
    expect(opaque.size).toBe(1);
    expect([...opaque][0]).toMatch(/^erased-[0-9a-f]{24}$/);
    expect(audit.every((a) => a.ip === null && a.userAgent === null)).toBe(true);
    expect(audit.map((a) => a.action)).toContain('user.deleted');

    // The email can be used again.
    await h.signUp({ email });
  });

  it('refuses the sole owner of an organisation with other members (SOLE_OWNER), then allows after a transfer', async () => {
    const { browser, userId } = await h.signUp();
    const member = await addMember(userId);
    await expectFailure(browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD })), {
      code: 'CONFLICT',
      reason: 'SOLE_OWNER',
    });
    expect(await h.orm.em.fork().count(User, { id: userId })).toBe(1);
    await h.orm.em.fork().nativeUpdate(Membership, { user: member.id }, { role: 'owner' });
    expect(await browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }))).toEqual({ ok: true, organizationDeleted: false });
    expect(await h.orm.em.fork().count(Membership, { user: member.id })).toBe(1);
  });

  it('rolls everything back when the erasure fails midway', async () => {
    const { browser, userId } = await h.signUp();
    const auditBefore = await h.orm.em.fork().count(AuditEvent, { actorId: userId });
    const conn = h.orm.em.getConnection();
    const postgres = h.orm.em.getPlatform().constructor.name.startsWith('Postgre');
    // The database refuses the last step (deleting the user row), after the audit rewrite ran.
    if (postgres) {
      await conn.execute(`create function refuse_delete() returns trigger as $$ begin raise exception 'injected failure'; end $$ language plpgsql`);
      await conn.execute('create trigger refuse_user_delete before delete on "user" for each row execute function refuse_delete()');
    } else {
      await conn.execute(`create trigger refuse_user_delete before delete on "user" begin select raise(abort, 'injected failure'); end`);
    }
    try {
      await expectFailure(browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD })), {
        code: 'INTERNAL_SERVER_ERROR',
        reason: null,
      });
    } finally {
      await conn.execute(postgres ? 'drop trigger refuse_user_delete on "user"' : 'drop trigger refuse_user_delete');
    }
    const em = h.orm.em.fork();
    expect(await em.count(User, { id: userId })).toBe(1);
    expect(await em.count(AuditEvent, { actorId: userId })).toBe(auditBefore);
    const orgId = (await browser.call((c) => c.me.get())).org.id;
    expect(await em.count(AuditEvent, { orgId, action: 'user.deleted' })).toBe(0);
    expect(await em.count(Session, { user: userId })).toBe(1);
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
  });

  it('is session-only and rate-limited', async () => {
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:read', 'profile:write'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD })), {
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
    await expectFailure(h.browser().call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD })), {
      code: 'UNAUTHORIZED',
      reason: 'SESSION_REQUIRED',
    });
    for (let i = 0; i < 3; i++) await browser.call((c) => c.me.deleteAccount({ password: `wrong ${i} password` })).catch(() => {});
    await expectFailure(browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD })), {
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });
  });
});
