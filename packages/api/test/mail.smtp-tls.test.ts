// Attack: read the mail Gatehouse sends (security notices, invitation links) or the SMTP login on
// its way to the provider, by listening on the wire or posing as the provider with a certificate
// of one's own. Real providers take mail over STARTTLS with AUTH; so does this test's server.
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { Job, OutboxMail } from '@gatehouse/db';
import { testDatabaseKind } from '@gatehouse/db/testing';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackgroundJobs } from '../src/jobs/background.js';
import { createMailer } from '../src/mail/mailer.js';
import { createHarness, STRONG_PASSWORD, type Harness } from './harness.js';
import { startSmtp, type SmtpSecurity, type TestSmtp } from './smtp.js';

const login = { user: 'gatehouse', pass: 'smtp-login-secret-51' };

/** A certificate for 127.0.0.1, made now; nothing is downloaded or kept. */
async function certificateFor127(): Promise<SmtpSecurity['tls']> {
  const pem = await generate([{ name: 'commonName', value: 'smtp.gatehouse.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pem.private, cert: pem.cert };
}

/**
 * The one place this file touches the mail machinery: the job runner delivers what the outbox
 * holds through `smtpUrl`, as a server does once an action has committed. Returns the errors.
 */
async function deliverQueuedMail(h: Harness, smtpUrl: string): Promise<string[]> {
  const mailer = createMailer({ smtpUrl });
  const runner = createBackgroundJobs(h.orm, { databaseKind: testDatabaseKind(), mailer, appOrigin: h.config.appOrigin, limits: h.rateLimits });
  try {
    await runner.runDue();
  } finally {
    mailer.close();
  }
  const jobs = await h.orm.em.fork().find(Job, { kind: 'mail.send', lastError: { $ne: null } });
  return jobs.map((job) => job.lastError!);
}

/** An SMTP_URL as an operator writes it for their provider: login in the URL, plain smtp:// (STARTTLS). */
const smtpUrlOf = (smtp: TestSmtp, pass = login.pass) => {
  const url = new URL(smtp.url);
  url.username = login.user;
  url.password = pass;
  return url.toString();
};

let trusted: SmtpSecurity['tls'];
let untrusted: SmtpSecurity['tls'];
let h: Harness;
const servers: TestSmtp[] = [];
const machineCAs = getCACertificates('default');
beforeAll(async () => {
  [trusted, untrusted] = await Promise.all([certificateFor127(), certificateFor127()]);
  // This machine trusts the provider's certificate as it would a public CA's: SMTP_URL needs no
  // TLS options, exactly as in production.
  setDefaultCACertificates([...machineCAs, trusted.cert]);
});
afterAll(() => setDefaultCACertificates(machineCAs));
afterEach(async () => {
  await h?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A user whose password change has just queued its security notice (which nobody can switch off). */
async function queuedSecurityNotice(): Promise<{ email: string; userId: string }> {
  h = await createHarness();
  const { browser, email, userId } = await h.signUp();
  await browser.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'a new passphrase for mail 3' }));
  expect(await h.orm.em.fork().count(OutboxMail, { toAddress: email, sentAt: null })).toBe(1);
  return { email, userId };
}

async function provider(tls: SmtpSecurity['tls']): Promise<TestSmtp> {
  const smtp = await startSmtp({ tls, login });
  servers.push(smtp);
  return smtp;
}

const sentAtOf = async (email: string) => (await h.orm.em.fork().findOneOrFail(OutboxMail, { toAddress: email })).sentAt;

describe('mail through an SMTP provider with STARTTLS and AUTH', () => {
  it('goes out over TLS, logged in with the login in SMTP_URL', async () => {
    const smtp = await provider(trusted);
    const { email } = await queuedSecurityNotice();
    expect(await deliverQueuedMail(h, smtpUrlOf(smtp))).toEqual([]);
    expect(smtp.received.map(({ to, subject, secure, user }) => ({ to, subject, secure, user }))).toEqual([
      { to: [email], subject: 'Gatehouse: Your password was changed', secure: true, user: login.user },
    ]);
    expect(await sentAtOf(email)).toBeInstanceOf(Date);
  });

  it('with a wrong login sends nothing, and the mail waits in the outbox for a retry', async () => {
    const smtp = await provider(trusted);
    const { email } = await queuedSecurityNotice();
    const errors = await deliverQueuedMail(h, smtpUrlOf(smtp, 'not-the-smtp-password'));
    expect(errors).toEqual([expect.stringMatching(/Invalid login|535/)]);
    expect(smtp.received).toEqual([]);
    expect(await sentAtOf(email)).toBeNull();
  });

  it('refuses a server whose certificate this machine does not trust (someone in the middle), and sends nothing in clear', async () => {
    const smtp = await provider(untrusted);
    const { email } = await queuedSecurityNotice();
    const errors = await deliverQueuedMail(h, smtpUrlOf(smtp));
    expect(errors).toEqual([expect.stringMatching(/certificate/i)]);
    expect(smtp.received).toEqual([]);
    expect(await sentAtOf(email)).toBeNull();
  });
});
