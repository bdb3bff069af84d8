// Attack: take over an account through "Forgot password?" — learn which addresses have accounts
// (from the answer, or from how long it takes), flood a mailbox, replay or outlive a reset link,
// or keep a session alive through the reset.
import { AuditEvent, LinkToken, OutboxMail, Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLinkToken } from '../src/domain/link-tokens.js';
import { createHarness, expectFailure, settledReasons, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    limits: { passwordResetByEmail: { points: 3, durationSeconds: 3600 }, passwordResetByIp: { points: 6, durationSeconds: 3600 } },
  });
});
afterAll(() => h.close());

const NEW_PASSWORD = 'a brand new reset passphrase 8';
const mailsTo = (address: string) => h.orm.em.fork().find(OutboxMail, { toAddress: address }, { orderBy: { id: 'asc' } });

/**
 * Every SQL statement the callback runs, as its verb and the tables it touches (the values differ
 * by nature: SQLite's driver inlines them, and the address is not the same).
 */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const knex = h.orm.em.getConnection().getKnex();
  const seen: string[] = [];
  const shape = (sql: string) =>
    [sql.trim().split(/\s+/)[0]!.toLowerCase(), ...[...sql.matchAll(/\b(?:from|into|update|join)\s+[`"]?(\w+)/gi)].map((m) => m[1])].join(' ');
  const listener = (query: { sql: string }) => seen.push(shape(query.sql));
  knex.on('query', listener);
  try {
    await run();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}

describe('auth.requestPasswordReset', () => {
  it('answers alike for a known and an unknown address, running the very same statements', async () => {
    const { email } = await h.signUp();
    const unknown = uniqueEmail('nobody');
    const known = await statementsOf(() => h.browser().call((c) => c.auth.requestPasswordReset({ email })));
    const stranger = await statementsOf(() => h.browser().call((c) => c.auth.requestPasswordReset({ email: unknown })));
    expect(stranger).toEqual(known);
    expect(known.length).toBeGreaterThan(3);

    expect(await h.browser().call((c) => c.auth.requestPasswordReset({ email }))).toEqual({ ok: true });
    expect(await h.browser().call((c) => c.auth.requestPasswordReset({ email: unknown }))).toEqual({ ok: true });
    // The holder of the address learns the truth, nobody else does.
    const [toKnown] = await mailsTo(email);
    expect(toKnown!.subject).toBe('Gatehouse: Reset your password');
    expect(toKnown!.text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);
    const [toUnknown] = await mailsTo(unknown);
    expect(toUnknown!.subject).toBe('Gatehouse: Password reset requested');
    expect(toUnknown!.text).not.toContain('/reset-password/');
  });

  it('is limited per address and per IP', async () => {
    const { email } = await h.signUp();
    for (let i = 0; i < 3; i++) await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    await expectFailure(h.browser().call((c) => c.auth.requestPasswordReset({ email })), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(await mailsTo(email)).toHaveLength(3);

    const spraying = h.browser();
    for (let i = 0; i < 6; i++) await spraying.call((c) => c.auth.requestPasswordReset({ email: uniqueEmail('spray') }));
    await expectFailure(spraying.call((c) => c.auth.requestPasswordReset({ email: uniqueEmail('spray') })), {
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });
  });
});

describe('auth.resetPassword', () => {
  it('sets the password, ends every session, proves the address and sends a security mail; the link works once', async () => {
    const { browser, email, userId } = await h.signUp({ verified: false });
    const elsewhere = h.browser();
    await elsewhere.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const token = await h.mailedToken(email, '/reset-password/');

    expect(await h.browser().call((c) => c.auth.resetPassword({ token, newPassword: NEW_PASSWORD }))).toEqual({ mfaRequired: false });
    expect(await h.orm.em.fork().count(Session, { user: userId })).toBe(0);
    await expectFailure(browser.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(elsewhere.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    await expectFailure(h.browser().call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD })), {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
    });
    const fresh = h.browser();
    await fresh.call((c) => c.auth.signIn({ email, password: NEW_PASSWORD }));
    expect(await fresh.call((c) => c.me.get())).toMatchObject({ emailVerified: true });
    expect((await mailsTo(email)).map((m) => m.subject)).toContain('Gatehouse: Your password was reset');
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.password_reset', actorId: userId })).toBe(1);

    await expectFailure(h.browser().call((c) => c.auth.resetPassword({ token, newPassword: 'yet another passphrase 9' })), {
      code: 'BAD_REQUEST',
      reason: 'INVALID_TOKEN',
    });
  });

  it('refuses an expired, a superseded and a forged link, and changes nothing', async () => {
    const { email } = await h.signUp();
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const first = await h.mailedToken(email, '/reset-password/');
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const second = await h.mailedToken(email, '/reset-password/');
    await h.orm.em.fork().nativeUpdate(LinkToken, { tokenHash: hashLinkToken(second) }, { expiresAt: new Date(Date.now() - 1) });
    for (const token of [first, second, 'x'.repeat(43)]) {
      await expectFailure(h.browser().call((c) => c.auth.resetPassword({ token, newPassword: NEW_PASSWORD })), {
        code: 'BAD_REQUEST',
        reason: 'INVALID_TOKEN',
      });
    }
    await h.browser().call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
  });

  it('one link used twice at once resets once', async () => {
    const { email, userId } = await h.signUp();
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const token = await h.mailedToken(email, '/reset-password/');
    const results = await Promise.allSettled(
      [1, 2].map((n) => h.browser().call((c) => c.auth.resetPassword({ token, newPassword: `${NEW_PASSWORD} ${n}` }))),
    );
    expect(settledReasons(results).sort()).toEqual(['INVALID_TOKEN', 'ok']);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.password_reset', actorId: userId })).toBe(1);
  });

  it('refuses a common password with VALIDATION and leaves the link usable', async () => {
    const { email } = await h.signUp();
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const token = await h.mailedToken(email, '/reset-password/');
    await expectFailure(h.browser().call((c) => c.auth.resetPassword({ token, newPassword: 'password1234' })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
    await h.browser().call((c) => c.auth.resetPassword({ token, newPassword: NEW_PASSWORD }));
  });

  it('an API key cannot ask for or use a reset', async () => {
    const { browser, email } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:write'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.auth.requestPasswordReset({ email })), {
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
  });
});
