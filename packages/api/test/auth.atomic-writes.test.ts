// A session and the audit row that records it land together or not at all: when the database
// refuses the audit row, sign-in leaves no session behind and sudo entry keeps the old token.
import { Session } from '@gatehouse/db';
import { refusingInserts as refuseInserts } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, STRONG_PASSWORD, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const refusingInserts = (table: string, when: string, run: () => Promise<void>) => refuseInserts(h.orm, table, when, run);
const refusingAudit = (action: string, run: () => Promise<void>) => refusingInserts('audit_event', `new.action = '${action}'`, run);

const internal = { code: 'INTERNAL_SERVER_ERROR', reason: null } as const;

describe('writes that travel together', () => {
  it('sign-in: no session without its audit row, and the browser’s old session is untouched', async () => {
    const { browser, userId, email } = await h.signUp();
    const sessionsBefore = await h.orm.em.fork().count(Session, { user: userId });
    await refusingAudit('user.signed_in', async () => {
      await expectFailure(browser.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD })), internal);
    });
    expect(await h.orm.em.fork().count(Session, { user: userId })).toBe(sessionsBefore);
    expect((await browser.call((c) => c.me.get())).id).toBe(userId);
  });

  it('password change: when the new token cannot be stored, the password and the other sessions stay', async () => {
    const { browser, userId, email } = await h.signUp();
    const phone = h.browser();
    await phone.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    await refusingInserts('session', 'true', async () => {
      await expectFailure(
        browser.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'a brand new passphrase 9' })),
        internal,
      );
    });
    expect((await phone.call((c) => c.me.get())).id).toBe(userId);
    await h.browser().call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
  });

  it('sudo entry: no new token without its audit row; the old one keeps working', async () => {
    const { browser, userId } = await h.signUp();
    const tokenBefore = browser.cookie;
    await refusingAudit('sudo.entered', async () => {
      await expectFailure(browser.call((c) => c.me.sudo.enter({ password: STRONG_PASSWORD })), internal);
    });
    expect(browser.cookie).toBe(tokenBefore);
    expect((await browser.call((c) => c.me.get())).id).toBe(userId);
    expect(await h.orm.em.fork().count(Session, { user: userId })).toBe(1);
  });
});
