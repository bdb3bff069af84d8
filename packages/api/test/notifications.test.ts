// Events reach the user in the app and by real SMTP, as their preferences say; a broken mail
// provider never breaks the action nor loses the in-app notification.
import { ApiKey, Job, Notification, OutboxMail, type NotificationCategory } from '@gatehouse/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteApiKey, remindExpiringKeys } from '../src/domain/api-keys.js';
import { queueMail } from '../src/domain/notifications.js';
import { createHarness, expectFailure, STRONG_PASSWORD, type Browser, type Harness } from './harness.js';
import { joinOrg, newOrg } from './org-admin.fixtures.js';
import { startSmtp, type TestSmtp } from './smtp.js';

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
beforeEach(() => {
  smtp.failing = false;
});

const inbox = (browser: Browser) => browser.call((c) => c.me.notifications.list({}));
const mailTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
const newKey = (browser: Browser) =>
  browser.call((c) => c.me.apiKeys.create({ name: 'deploy', scopes: ['profile:read'], expiresInDays: 30 }));
const setPref = (browser: Browser, category: NotificationCategory, email: boolean, inApp: boolean) =>
  browser.call((c) => c.me.notifications.updatePreferences({ preferences: [{ category, email, inApp }] }));

describe('notifications', () => {
  it('start from sensible defaults with security mail locked on', async () => {
    const { browser } = await h.signUp();
    expect(await browser.call((c) => c.me.notifications.preferences())).toEqual([
      { category: 'security', email: true, inApp: true },
      { category: 'api_keys', email: true, inApp: true },
      { category: 'teams', email: true, inApp: true },
      { category: 'organization', email: true, inApp: true },
      { category: 'product', email: false, inApp: true },
    ]);
    await expectFailure(setPref(browser, 'security', false, true), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
    expect((await browser.call((c) => c.me.notifications.preferences()))[0]).toEqual({
      category: 'security',
      email: true,
      inApp: true,
    });
  });

  it('a new sign-in and a password change arrive in the app and by mail', async () => {
    const { email, userId } = await h.signUp();
    const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    const browser = h.browser({ ip: '198.51.100.23', userAgent: ua });
    await browser.call((c) => c.auth.signIn({ email, password: STRONG_PASSWORD }));
    // The device is named as the sessions list names it, not by its raw user-agent string.
    const signedIn = (await inbox(browser)).items.find((n) => n.type === 'user.signed_in');
    expect(signedIn?.body).toContain('using Chrome on macOS');
    expect(signedIn?.body).not.toContain('Mozilla');
    await browser.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'brand new passphrase 99' }));
    await h.runJobs();
    const { items, unreadCount } = await inbox(browser);
    expect(items.map((n) => n.type)).toEqual(['user.password_changed', 'user.signed_in']);
    expect(unreadCount).toBe(2);
    // Sent side by side by the job runner: in no promised order.
    expect(mailTo(email).map((m) => m.subject).sort()).toEqual([
      'Gatehouse: New sign-in to your account',
      'Gatehouse: Your password was changed',
    ]);
    const signIn = mailTo(email).find((m) => m.subject.includes('sign-in'))!;
    expect(signIn.text).toContain('198.51.100.23');
    expect(signIn.html).toContain('198.51.100.23');
    expect(await h.orm.em.fork().count(OutboxMail, { user: userId, sentAt: null })).toBe(0);
    // Delivered bodies are not kept (an invitation's would hold its single-use token).
    expect(await h.orm.em.fork().count(OutboxMail, { user: userId, text: { $ne: '' } })).toBe(0);
  });

  it('key created, rotated and deleted (by its owner or by an org owner) each notify', async () => {
    const { browser, email, userId } = await h.signUp();
    const { key } = await newKey(browser);
    await browser.call((c) => c.me.apiKeys.rotate({ keyId: key.id }));
    await browser.call((c) => c.me.apiKeys.delete({ keyId: key.id }));
    const second = await newKey(browser);
    // An org owner removing a member's key goes through the same domain function.
    const em = h.orm.em.fork();
    const row = await em.findOneOrFail(ApiKey, second.key.id);
    await deleteApiKey(em, { userId: 'org-owner-id', orgId: 'org', role: 'owner', via: 'session' }, row, { ip: null, userAgent: null });
    await h.runJobs();

    const types = (await inbox(browser)).items.map((n) => n.type).reverse();
    expect(types).toEqual(['api_key.created', 'api_key.rotated', 'api_key.deleted', 'api_key.created', 'api_key.deleted']);
    const bodies = await h.orm.em.fork().find(Notification, { user: userId, type: 'api_key.deleted' }, { orderBy: { id: 'asc' } });
    expect(bodies[1]!.body).toContain('An owner of your organisation deleted');
    expect(mailTo(email).filter((m) => m.subject.includes('API key'))).toHaveLength(5);
  });

  it('a key expiring within 7 days is announced once by the periodic job', async () => {
    const { browser, email } = await h.signUp();
    const { key } = await newKey(browser);
    await h.orm.em.fork().nativeUpdate(ApiKey, { id: key.id }, { expiresAt: new Date(Date.now() + 3 * 86_400_000) });
    expect(await remindExpiringKeys(h.orm.em.fork())).toBeGreaterThanOrEqual(1);
    expect(await remindExpiringKeys(h.orm.em.fork())).toBe(0);
    await h.runJobs();
    expect((await inbox(browser)).items.filter((n) => n.type === 'api_key.expiring')).toHaveLength(1);
    expect(mailTo(email).filter((m) => m.subject.includes('expires soon'))).toHaveLength(1);
  });

  it('turning a category off stops it, per channel', async () => {
    const { browser, email } = await h.signUp();
    await setPref(browser, 'api_keys', false, true);
    await newKey(browser);
    await h.runJobs();
    expect((await inbox(browser)).items.map((n) => n.type)).toContain('api_key.created');
    expect(mailTo(email).filter((m) => m.subject.includes('API key'))).toHaveLength(0);
    await setPref(browser, 'api_keys', false, false);
    await newKey(browser);
    expect((await inbox(browser)).items.filter((n) => n.type === 'api_key.created')).toHaveLength(1);
  });

  it('a failing SMTP server neither fails the action nor loses the in-app notification; mail is retried', async () => {
    const { browser, email, userId } = await h.signUp();
    smtp.failing = true;
    const { key } = await newKey(browser);
    expect(key.name).toBe('deploy');
    expect((await inbox(browser)).items.map((n) => n.type)).toContain('api_key.created');
    await h.runJobs();
    const queued = await h.orm.em.fork().findOneOrFail(OutboxMail, { user: userId });
    expect(queued.sentAt).toBeNull();
    expect(queued.lastError).toMatch(/mailbox unavailable/);
    smtp.failing = false;
    // The retry waits out its backoff; let that time pass.
    await h.orm.em.fork().nativeUpdate(Job, { key: `mail:${queued.id}` }, { runAt: new Date() });
    await h.runJobs();
    expect(mailTo(email).filter((m) => m.subject.includes('API key'))).toHaveLength(1);
  });

  it('a mutation only queues its mail: the job runner sends it, and nothing waits for SMTP in the call', async () => {
    const { browser, email, userId } = await h.signUp();
    const em = h.orm.em.fork();
    queueMail(em, { to: email, subject: 'Queued while the server was away', text: 'hello', userId });
    await em.flush();
    await browser.call((c) => c.me.notifications.markRead({ all: true }));
    expect(mailTo(email).filter((m) => m.subject === 'Queued while the server was away')).toHaveLength(0);
    await h.runJobs();
    expect(mailTo(email).filter((m) => m.subject === 'Queued while the server was away')).toHaveLength(1);
  });

  it('mark read: by id (own only) or all, and the unread count follows', async () => {
    const owner = await h.signUp();
    await newKey(owner.browser);
    await newKey(owner.browser);
    const other = await h.signUp();
    await newKey(other.browser);
    const mine = (await inbox(owner.browser)).items;
    const theirs = (await inbox(other.browser)).items;
    expect(await owner.browser.call((c) => c.me.notifications.markRead({ ids: [mine[0]!.id, theirs[0]!.id] }))).toEqual({ marked: 1 });
    expect((await inbox(other.browser)).unreadCount).toBe(1);
    expect((await inbox(owner.browser)).unreadCount).toBe(1);
    const unread = await owner.browser.call((c) => c.me.notifications.list({ unreadOnly: true }));
    expect(unread.items.map((n) => n.id)).toEqual([mine[1]!.id]);
    await owner.browser.call((c) => c.me.notifications.markRead({ all: true }));
    expect((await inbox(owner.browser)).unreadCount).toBe(0);
    await expectFailure(owner.browser.call((c) => c.me.notifications.markRead({})), { code: 'BAD_REQUEST', reason: 'VALIDATION' });
  });

  it('paginate the inbox with a cursor, each item once', async () => {
    const { browser, userId } = await h.signUp();
    const em = h.orm.em.fork();
    for (let i = 0; i < 25; i++) em.create(Notification, { user: userId, category: 'product', type: 'product.news', title: `News ${i}`, body: 'b', readAt: null });
    await em.flush();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await browser.call((c) => c.me.notifications.list({ limit: 10, cursor }));
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('refuse anonymous callers and keys without the scope', async () => {
    await expectFailure(h.browser().call((c) => c.me.notifications.list({})), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'w', scopes: ['profile:write'], expiresInDays: 1 }));
    await expectFailure(h.keyClient(secret).call((c) => c.me.notifications.list({})), {
      code: 'FORBIDDEN',
      reason: 'INSUFFICIENT_SCOPE',
    });
  });
});

describe('me.outbox (development mailbox)', () => {
  it('shows the caller their own mail when no SMTP server is configured, and nothing when one is', async () => {
    const local = await createHarness();
    try {
      const alice = await local.signUp();
      const bob = await local.signUp();
      await alice.browser.call((c) => c.me.apiKeys.create({ name: 'a', scopes: ['profile:read'], expiresInDays: 3 }));
      const box = await alice.browser.call((c) => c.me.outbox());
      expect(box.enabled).toBe(true);
      expect(box.items.map((m) => m.subject)).toEqual(['Gatehouse: API key "a" created']);
      expect((await bob.browser.call((c) => c.me.outbox())).items).toEqual([]);
      // Whoever signs up with an invited address does not get to read the invitation's link.
      const invitee = `invitee-${Date.now()}@example.com`;
      await alice.browser.call((c) => c.orgAdmin.invitations.create({ email: invitee, role: 'member', teamIds: [] }));
      const squatter = await local.signUp({ email: invitee });
      expect((await squatter.browser.call((c) => c.me.outbox())).items.map((m) => m.subject)).not.toContainEqual(
        expect.stringContaining('invited you'),
      );
    } finally {
      await local.close();
    }
    const { browser } = await h.signUp();
    expect(await browser.call((c) => c.me.outbox())).toEqual({ enabled: false, items: [] });
  });
});

describe('org events', () => {
  it('being added to or removed from a team and a role change arrive in the app and by mail', async () => {
    const owner = await newOrg(h, 'Mail Org');
    const member = await joinOrg(h, owner.orgId, 'member');
    const team = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Platform' }));
    await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: team.id, userId: member.userId }));
    await owner.browser.call((c) => c.orgAdmin.teams.removeMember({ teamId: team.id, userId: member.userId }));
    await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: 'admin' }));
    const types = (await inbox(member.browser)).items.map((n) => n.type).reverse();
    expect(types).toEqual(['team.member_added', 'team.member_removed', 'member.role_changed']);
    await h.runJobs();
    expect(mailTo(member.email)).toHaveLength(3);
    // The member's own preference decides: with team mail off, the next team change is in-app only.
    await setPref(member.browser, 'teams', false, true);
    await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: team.id, userId: member.userId }));
    await h.runJobs();
    expect(mailTo(member.email)).toHaveLength(3);
    expect((await inbox(member.browser)).items).toHaveLength(4);
  });
});
