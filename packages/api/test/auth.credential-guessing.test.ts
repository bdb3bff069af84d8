// Attack: learn which emails are registered, or brute-force a password, through auth.signIn.
import { AuditEvent, Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, rejection, settledReasons, uniqueEmail, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { signIn: { points: 4, durationSeconds: 900 } } });
});
afterAll(() => h.close());

describe('auth.signIn', () => {
  it('signs in with the right password, opening a session with sudo', async () => {
    const { email, password, userId } = await h.signUp();
    const browser = h.browser();
    await browser.call((c) => c.auth.signIn({ email: email.toUpperCase(), password }));
    expect(await browser.call((c) => c.me.get())).toMatchObject({ id: userId });
    expect(await browser.call((c) => c.me.sudo.status())).toMatchObject({ active: true });
    const em = h.orm.em.fork();
    expect(await em.count(AuditEvent, { action: 'user.signed_in', actorId: userId })).toBe(1);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const { email } = await h.signUp();
    const wrong = await rejection(h.browser().call((c) => c.auth.signIn({ email, password: 'not the password!!' })));
    const unknown = await rejection(
      h.browser().call((c) => c.auth.signIn({ email: uniqueEmail('ghost'), password: 'not the password!!' })),
    );
    expect({ code: wrong.code, message: wrong.message, data: wrong.data }).toEqual({
      code: 'UNAUTHORIZED',
      message: unknown.message,
      data: unknown.data,
    });
    expect(unknown.data.reason).toBe('INVALID_CREDENTIALS');
  });

  it('pays for an Argon2id verification even when the email is unknown', async () => {
    const { email } = await h.signUp();
    const time = async (e: string) => {
      const start = performance.now();
      await h.browser().call((c) => c.auth.signIn({ email: e, password: 'wrong password here' })).catch(() => {});
      return performance.now() - start;
    };
    await time(uniqueEmail('warmup'));
    const known = Math.min(await time(email), await time(email));
    const unknown = Math.min(await time(uniqueEmail('nobody')), await time(uniqueEmail('nobody')));
    // Without the dummy verification the unknown-email path is ~1 ms against ~30+ ms.
    expect(unknown).toBeGreaterThan(known * 0.4);
  });

  it('records failed attempts in the audit log without the password', async () => {
    const { email, userId } = await h.signUp();
    await h.browser().call((c) => c.auth.signIn({ email, password: 'hunter2-but-longer' })).catch(() => {});
    const em = h.orm.em.fork();
    const rows = await em.find(AuditEvent, { action: 'user.sign_in_failed', targetId: userId });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('hunter2');
  });

  it('limits attempts per email and IP, holding under concurrency', async () => {
    const { email, password } = await h.signUp();
    const browser = h.browser({ ip: '198.51.100.9' });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => browser.call((c) => c.auth.signIn({ email, password: 'wrong wrong wrong' }))),
    );
    const reasons = settledReasons(results);
    expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(4);
    expect(reasons.filter((r) => r === 'RATE_LIMITED')).toHaveLength(4);
    // Even the right password waits out the limit from this IP, but not from another one.
    await expectFailure(browser.call((c) => c.auth.signIn({ email, password })), {
      code: 'TOO_MANY_REQUESTS',
      reason: 'RATE_LIMITED',
    });
    await h.browser({ ip: '198.51.100.10' }).call((c) => c.auth.signIn({ email, password }));
  });

  it('issues a new token and ends the session the browser already had (no fixation)', async () => {
    const { browser, email, password } = await h.signUp();
    const before = browser.cookie!;
    await browser.call((c) => c.auth.signIn({ email, password }));
    expect(browser.cookie).not.toBe(before);
    const stale = h.browser();
    stale.cookie = before;
    await expectFailure(stale.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(await h.orm.em.fork().count(Session, { user: (await browser.call((c) => c.me.get())).id })).toBe(1);
  });
});
