// Attack: replay an invitation link after it was used, expired, revoked or superseded, read its
// token back from the server, or use an invitation to take over an email that already has an account.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AuditEvent, Invitation, Membership, newId, OutboxMail } from '@gatehouse/db';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, settledReasons, STRONG_PASSWORD, uniqueEmail, type Harness } from './harness.js';
import { joinOrg, makeTeam, newOrg, type Account } from './org-admin.fixtures.js';

interface Mail {
  to: string[];
  text: string;
}

/** A real SMTP server in-process: what the mailer sends is what an invitee would receive. */
async function startMailbox() {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // Undo quoted-printable soft line breaks and escapes, as a mail client would.
        const text = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let h: Harness;
let owner: Account;
beforeAll(async () => {
  mailbox = await startMailbox();
  h = await createHarness({ smtpUrl: mailbox.url });
  owner = await newOrg(h, 'Inviting Org');
});
afterAll(async () => {
  await h.close();
  await mailbox.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const invite = (email: string, role: 'owner' | 'admin' | 'member' = 'member', teamIds: string[] = []) =>
  owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role, teamIds }));
const accept = (token: string, browser = h.browser()) =>
  browser.call((c) => c.auth.acceptInvitation({ token, displayName: 'New Person', password: STRONG_PASSWORD }));
const preview = (token: string) => h.browser().call((c) => c.auth.invitation({ token }));

describe('invitations', () => {
  it('mails a single-use link; accepting creates the account with the role and teams, signed in', async () => {
    const teamId = await makeTeam(h, owner.orgId, 'Welcome team');
    const email = uniqueEmail('invitee');
    const { invitation, url } = await invite(email, 'admin', [teamId]);
    expect(url).toMatch(new RegExp(`^${h.config.appOrigin}/invite/[A-Za-z0-9_-]{43}$`));
    expect(invitation).toMatchObject({ email, role: 'admin', status: 'pending', teams: [{ id: teamId, name: 'Welcome team' }], mailStatus: 'queued' });

    await h.runJobs();
    const mail = mailbox.received.find((m) => m.to.includes(email))!;
    expect(mail.text).toContain(url);
    expect(mail.text).toContain('Inviting Org');

    // The server keeps only the token's SHA-256, and never shows either again.
    const token = tokenOf(url);
    const row = await h.orm.em.fork().findOneOrFail(Invitation, { id: invitation.id });
    expect(row.tokenHash).toBe(sha256(token));
    const listed = JSON.stringify(await owner.browser.call((c) => c.orgAdmin.invitations.list()));
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(row.tokenHash);
    expect(JSON.parse(listed)).toContainEqual(expect.objectContaining({ id: invitation.id, mailStatus: 'sent' }));
    const audits = JSON.stringify(await h.orm.em.fork().find(AuditEvent, { orgId: owner.orgId }));
    expect(audits).not.toContain(token);

    expect(await preview(token)).toEqual({ orgName: 'Inviting Org', email, role: 'admin', expiresAt: invitation.expiresAt });
    const days = (new Date(invitation.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const browser = h.browser();
    const { userId } = await accept(token, browser);
    const me = await browser.call((c) => c.me.get());
    expect(me).toMatchObject({ id: userId, email, role: 'admin', org: { id: owner.orgId }, teams: [{ id: teamId, name: 'Welcome team' }] });
    // The password works for signing in later.
    await h.browser().call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));

    // Single use: the link is dead now, and says so like any dead link.
    await expectFailure(accept(token), { code: 'NOT_FOUND', reason: null });
    await expectFailure(preview(token), { code: 'NOT_FOUND', reason: null });
    const [after] = await owner.browser.call((c) => c.orgAdmin.invitations.list());
    expect(after).toMatchObject({ id: invitation.id, status: 'accepted' });
    const accepted = await h.orm.em.fork().findOneOrFail(AuditEvent, { action: 'invitation.accepted', targetId: invitation.id });
    expect(accepted).toMatchObject({ actorId: userId, orgId: owner.orgId });
  });

  it('accepting one link many times at once creates exactly one account', async () => {
    const email = uniqueEmail('racer');
    const token = tokenOf((await invite(email)).url);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => accept(token)));
    expect(settledReasons(results).filter((r) => r === 'ok')).toHaveLength(1);
    expect(settledReasons(results).filter((r) => r !== 'ok')).toEqual([null, null, null]);
    const em = h.orm.em.fork();
    expect(await em.count(Membership, { user: { email } })).toBe(1);
  });

  it('refuses a malformed email or an unknown role (VALIDATION), storing and mailing nothing', async () => {
    await h.runJobs();
    const mailsBefore = mailbox.received.length;
    for (const input of [
      { email: 'not-an-email', role: 'member' as const, teamIds: [] },
      { email: `role-${Date.now()}@example.com`, role: 'superadmin' as 'owner', teamIds: [] },
    ]) {
      await expectFailure(owner.browser.call((c) => c.orgAdmin.invitations.create(input)), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
      expect(await h.orm.em.fork().count(Invitation, { email: input.email })).toBe(0);
    }
    await h.runJobs();
    expect(mailbox.received.length).toBe(mailsBefore);
  });

  it('works with the longest names allowed: the mail subject is cut to fit, not refused', async () => {
    const longOrg = await newOrg(h, 'O'.repeat(120));
    await longOrg.browser.call((c) => c.me.updateProfile({ displayName: 'N'.repeat(100) }));
    const email = `long-${Date.now()}@example.com`;
    await longOrg.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
    const [queued] = await h.orm.em.fork().find(OutboxMail, { toAddress: email });
    expect(queued!.subject).toHaveLength(200);
    expect(queued!.subject.endsWith('…')).toBe(true);
    await h.runJobs();
    expect(mailbox.received.some((m) => m.to.includes(email))).toBe(true);
  });

  it('expires after 7 days', async () => {
    const { invitation, url } = await invite(uniqueEmail('late'));
    await h.orm.em.fork().nativeUpdate(Invitation, { id: invitation.id }, { expiresAt: new Date(Date.now() - 1000) });
    await expectFailure(preview(tokenOf(url)), { code: 'NOT_FOUND', reason: null });
    await expectFailure(accept(tokenOf(url)), { code: 'NOT_FOUND', reason: null });
    const listed = await owner.browser.call((c) => c.orgAdmin.invitations.list());
    expect(listed.find((i) => i.id === invitation.id)?.status).toBe('expired');
  });

  it('revoked links stop working; revoking again changes nothing', async () => {
    const { invitation, url } = await invite(uniqueEmail('revoked'));
    const revoked = await owner.browser.call((c) => c.orgAdmin.invitations.revoke({ invitationId: invitation.id }));
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    await expectFailure(accept(tokenOf(url)), { code: 'NOT_FOUND', reason: null });
    await expectFailure(preview(tokenOf(url)), { code: 'NOT_FOUND', reason: null });
    expect(await owner.browser.call((c) => c.orgAdmin.invitations.revoke({ invitationId: invitation.id }))).toEqual(revoked);
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'invitation.revoked', targetId: invitation.id })).toBe(1);
  });

  it('a newer invitation to the same email supersedes the older link', async () => {
    const email = uniqueEmail('twice');
    const first = await invite(email);
    const second = await invite(email, 'admin');
    await expectFailure(accept(tokenOf(first.url)), { code: 'NOT_FOUND', reason: null });
    const browser = h.browser();
    await accept(tokenOf(second.url), browser);
    expect((await browser.call((c) => c.me.get())).role).toBe('admin');
  });

  it('refuses to invite a member of the organisation (EMAIL_TAKEN), storing and mailing nothing', async () => {
    const existing = await joinOrg(h, owner.orgId, 'member');
    await h.runJobs();
    const mailsBefore = mailbox.received.length;
    const error = await expectFailure(invite(existing.email.toUpperCase()), { code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
    expect(error.message).toBe('An account with this email already exists');
    expect(await h.orm.em.fork().count(Invitation, { email: existing.email })).toBe(0);
    await h.runJobs();
    expect(mailbox.received.length).toBe(mailsBefore);
  });

  it('an address with an account in another organisation is invited like any other; the link then fails with EMAIL_TAKEN', async () => {
    const elsewhere = await h.signUp({ orgName: 'Elsewhere' });
    const { url } = await invite(elsewhere.email);
    await expectFailure(accept(tokenOf(url)), { code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
    expect(await h.orm.em.fork().count(Membership, { user: elsewhere.userId })).toBe(1);
  });

  it('an account created for the email after the invitation makes the link fail with EMAIL_TAKEN', async () => {
    const email = uniqueEmail('raced');
    const { url } = await invite(email);
    await h.signUp({ email });
    await expectFailure(accept(tokenOf(url)), { code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
  });

  it('unknown tokens, weak passwords, scripts and foreign pages are refused', async () => {
    await expectFailure(preview('not-a-token'), { code: 'NOT_FOUND', reason: null });
    await expectFailure(accept(newId()), { code: 'NOT_FOUND', reason: null });
    const token = tokenOf((await invite(uniqueEmail('careful'))).url);
    await expectFailure(
      h.browser().call((c) => c.auth.acceptInvitation({ token, displayName: 'X', password: 'password1234' })),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    await expectFailure(accept(token, h.browser({ origin: 'https://evil.example' })), { code: 'FORBIDDEN', reason: 'INVALID_ORIGIN' });
    const key = await owner.browser.call((c) => c.me.apiKeys.create({ name: 'k', scopes: ['org:write'], expiresInDays: 1 }));
    await expectFailure(accept(token, h.keyClient(key.secret)), { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    // None of that used the link up.
    expect((await preview(token)).role).toBe('member');
  });

  it('teams must be the organisation’s own; a team deleted since the invitation is skipped', async () => {
    const other = await newOrg(h, 'Other');
    const foreignTeam = await makeTeam(h, other.orgId, 'Theirs');
    await expectFailure(invite(uniqueEmail('foreign'), 'member', [foreignTeam]), { code: 'NOT_FOUND', reason: null });
    const keep = await makeTeam(h, owner.orgId, 'Keep');
    const gone = await makeTeam(h, owner.orgId, 'Gone');
    const { url } = await invite(uniqueEmail('teams'), 'member', [keep, gone]);
    await owner.browser.call((c) => c.orgAdmin.teams.delete({ teamId: gone }));
    const browser = h.browser();
    await accept(tokenOf(url), browser);
    expect((await browser.call((c) => c.me.get())).teams).toEqual([{ id: keep, name: 'Keep' }]);
  });
});
