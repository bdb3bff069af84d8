// Attack: learn which emails are registered, or brute-force a password, through auth.signIn.
import { AuditEvent, Session, User } from '@gatehouse/db';
import type * as Argon2 from '@node-rs/argon2';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, expectFailure, rejection, settledReasons, uniqueEmail, type Harness } from './harness.js';

// Every Argon2id verification the product runs, recorded as it happens. The real function still
// does the work, so what is counted is a verification that really took place, not a call to a stub.
const argon2 = vi.hoisted(() => ({ verifications: [] as { hash: string; password: string; matched: boolean }[] }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  const verify: typeof real.verify = async (hash, password, ...rest) => {
    const matched = await real.verify(hash, password, ...rest);
    argon2.verifications.push({ hash: hash.toString(), password: password.toString(), matched });
    return matched;
  };
  return { ...real, verify };
});
beforeEach(() => {
  argon2.verifications.length = 0;
});

/** What a PHC string says about the work a verification against it costs: all but salt and digest. */
function costOf(phc: string) {
  const [, algorithm, version, params, salt, digest] = phc.split('$');
  const bytes = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').length;
  return { algorithm, version, params, saltBytes: bytes(salt), digestBytes: bytes(digest) };
}

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

  // How long the two paths take is measured by the benchmark; here, that they do the same work.
  it('runs exactly one Argon2id verification for an unknown email, against a stand-in hash as costly as a real one', async () => {
    const { email, userId } = await h.signUp();
    const { passwordHash } = await h.orm.em.fork().findOneOrFail(User, { id: userId }, { fields: ['passwordHash'] });
    argon2.verifications.length = 0;

    await rejection(h.browser().call((c) => c.auth.signIn({ email, password: 'wrong password here' })));
    expect(argon2.verifications).toEqual([{ hash: passwordHash, password: 'wrong password here', matched: false }]);

    argon2.verifications.length = 0;
    await rejection(h.browser().call((c) => c.auth.signIn({ email: uniqueEmail('nobody'), password: 'wrong password there' })));
    expect(argon2.verifications).toHaveLength(1);
    const [standIn] = argon2.verifications;
    expect(standIn).toMatchObject({ password: 'wrong password there', matched: false });
    expect(standIn!.hash).not.toBe(passwordHash);
    expect(costOf(standIn!.hash)).toEqual(costOf(passwordHash));
    expect(costOf(passwordHash)).toMatchObject({ algorithm: 'argon2id', params: 'm=19456,t=2,p=1' });
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
