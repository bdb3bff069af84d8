// Attack: a mailed link that does not work for the person who gets it (or works for someone who
// does not), or a mail nobody recognises as ours. Real mail through a real SMTP server: the
// verification, reset and email-change mails arrive, in one layout, and their links are followed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';
import { startSmtp, type ReceivedMail, type TestSmtp } from './smtp.js';

let smtp: TestSmtp;
let h: Harness;
beforeAll(async () => {
  smtp = await startSmtp();
  h = await createHarness({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

/**
 * What arrived last for `address` with this subject, once the job runner has sent what the calls
 * so far queued. By subject, not simply the last: mails queued together (a new-sign-in notice and
 * the email-change notice) may leave in either order.
 */
const latestTo = async (address: string, subject: string): Promise<ReceivedMail> => {
  await h.runJobs();
  const mail = smtp.received.filter((m) => m.to.includes(address) && m.subject === subject).at(-1);
  if (!mail) throw new Error(`no "${subject}" arrived for ${address}; got ${JSON.stringify(smtp.received.filter((m) => m.to.includes(address)).map((m) => m.subject))}`);
  return mail;
};
/** The link's token, as a mail client shows it in the text part, and the same link in the HTML part. */
function linkIn(mail: ReceivedMail, path: string): string {
  const url = new RegExp(`${h.config.appOrigin}${path}([A-Za-z0-9_-]{43})`).exec(mail.text);
  expect(url).not.toBeNull();
  expect(mail.html).toContain(`href="${url![0]}"`);
  return url![1]!;
}
/** What every mail says, whichever it is: who it is from, why it came, what to do if it was not you. */
function expectLayout(mail: ReceivedMail, orgName: string | null) {
  expect(mail.subject).toMatch(/^Gatehouse: /);
  expect(mail.text).toMatch(/Why you got this: .+/);
  expect(mail.text).toMatch(/If this wasn't you: .+/);
  expect(mail.text).toContain(orgName ? `Gatehouse · ${orgName}` : 'Gatehouse');
  expect(mail.html).toMatch(/^<!doctype html>/);
  expect(mail.html).toContain('Why you got this:');
}

describe('recovery mail through SMTP', () => {
  it('verification, reset and email change arrive and their links work', async () => {
    const email = uniqueEmail('smtp');
    const browser = h.browser();
    await browser.call((c) => c.auth.signUp({ email, password: STRONG_PASSWORD, displayName: 'Sam <Smtp>', orgName: 'Mail & Co' }));

    const verification = await latestTo(email, 'Gatehouse: Confirm your email address');
    expectLayout(verification, 'Mail & Co');
    // Names are text in the HTML part, never markup.
    expect(verification.html).toContain('Sam &lt;Smtp&gt;');
    expect(verification.html).not.toContain('<Smtp>');
    await h.browser().call((c) => c.auth.verifyEmail({ token: linkIn(verification, '/verify-email/') }));
    expect(await browser.call((c) => c.me.get())).toMatchObject({ emailVerified: true });

    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const reset = await latestTo(email, 'Gatehouse: Reset your password');
    expectLayout(reset, 'Mail & Co');
    await h.browser().call((c) => c.auth.resetPassword({ token: linkIn(reset, '/reset-password/'), newPassword: 'reset over smtp 2026' }));
    const resetDone = await latestTo(email, 'Gatehouse: Your password was reset');
    expectLayout(resetDone, 'Mail & Co');

    const signedIn = h.browser();
    await signedIn.call((c) => c.auth.signIn({ email, password: 'reset over smtp 2026' }));
    const newEmail = uniqueEmail('smtp-new');
    await signedIn.call((c) => c.me.changeEmail({ newEmail, password: 'reset over smtp 2026' }));
    const notice = await latestTo(email, 'Gatehouse: Your email address is being changed');
    expectLayout(notice, 'Mail & Co');
    linkIn(notice, '/cancel-email-change/');
    const confirmation = await latestTo(newEmail, 'Gatehouse: Confirm your new email address');
    expectLayout(confirmation, 'Mail & Co');
    await h.browser().call((c) => c.auth.confirmEmailChange({ token: linkIn(confirmation, '/confirm-email/') }));
    expect(await signedIn.call((c) => c.me.get())).toMatchObject({ email: newEmail, emailVerified: true });
  });

  it('a reset for an address without an account gets a mail that says so, with no link', async () => {
    const email = uniqueEmail('stranger');
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const mail = await latestTo(email, 'Gatehouse: Password reset requested');
    expect(mail.text).toContain('no account uses it');
    expect(mail.text).not.toContain('/reset-password/');
    expectLayout(mail, null);
  });
});
