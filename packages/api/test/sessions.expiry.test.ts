// Attack: keep using a stolen session cookie after sign-out or long after it should have died.
import { Session } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/sessions.js';
import { createHarness, expectFailure, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const DAY = 86_400_000;
const rowOf = (token: string) => h.orm.em.fork().findOneOrFail(Session, { tokenHash: hashToken(token) });
const setRow = (token: string, values: Partial<Pick<Session, 'createdAt' | 'lastSeenAt' | 'expiresAt'>>) =>
  h.orm.em.fork().nativeUpdate(Session, { tokenHash: hashToken(token) }, values);

describe('sessions', () => {
  it('store only the SHA-256 of the token, which carries at least 128 bits', async () => {
    const { browser } = await h.signUp();
    const token = browser.cookie!;
    expect(token).toMatch(/^[a-z2-7]{40}$/); // 40 base32 chars = 200 bits
    const row = await rowOf(token);
    expect(row.tokenHash).toBe(hashToken(token));
    const raw = await h.orm.em.getConnection().execute('select * from session');
    expect(JSON.stringify(raw)).not.toContain(token);
  });

  it('end server-side on sign-out: the old cookie is refused afterwards', async () => {
    const { browser } = await h.signUp();
    const token = browser.cookie!;
    await browser.call((c) => c.auth.signOut());
    expect(browser.cookie).toBeNull();
    expect(await h.orm.em.fork().count(Session, { tokenHash: hashToken(token) })).toBe(0);
    const replay = h.browser();
    replay.cookie = token;
    await expectFailure(replay.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });

  it('end after the idle limit', async () => {
    const { browser } = await h.signUp();
    const token = browser.cookie!;
    await setRow(token, { lastSeenAt: new Date(Date.now() - 7 * DAY - 60_000) });
    await expectFailure(browser.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    expect(browser.cookie).toBeNull(); // the dead cookie is cleared
    expect(await h.orm.em.fork().count(Session, { tokenHash: hashToken(token) })).toBe(0);
  });

  it('slide: activity within the idle limit keeps the session and moves its deadline', async () => {
    const { browser } = await h.signUp();
    const token = browser.cookie!;
    await setRow(token, { lastSeenAt: new Date(Date.now() - 6 * DAY) });
    await browser.call((c) => c.me.get());
    const row = await rowOf(token);
    expect(Date.now() - row.lastSeenAt.getTime()).toBeLessThan(60_000);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * DAY);
  });

  it('end at the absolute limit however active they are', async () => {
    const { browser } = await h.signUp();
    const token = browser.cookie!;
    await setRow(token, { createdAt: new Date(Date.now() - 30 * DAY - 60_000), lastSeenAt: new Date() });
    await expectFailure(browser.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });

  it('never slide past the absolute limit', async () => {
    const { browser } = await h.signUp();
    const token = browser.cookie!;
    const createdAt = new Date(Date.now() - 29 * DAY);
    await setRow(token, { createdAt, lastSeenAt: new Date(Date.now() - 2 * DAY) });
    await browser.call((c) => c.me.get());
    expect((await rowOf(token)).expiresAt.getTime()).toBe(createdAt.getTime() + 30 * DAY);
  });

  it('refuse a forged or malformed cookie', async () => {
    const forged = h.browser();
    forged.cookie = 'a'.repeat(40);
    await expectFailure(forged.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    forged.cookie = "'; drop table session; --";
    await expectFailure(forged.call((c) => c.me.get()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});
