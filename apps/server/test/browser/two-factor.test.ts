// Two-factor authentication in a real browser, with codes computed here from the secret the page
// shows (as an authenticator app would from the QR code): enrol (the secret drawn as a QR code in
// the page, a wrong code refused, the backup codes shown once and downloadable), confirm a
// sensitive change with a code instead of the password once the sudo window has closed; sign in
// with the password and a code, or a backup code (which then no longer works); a second step left
// too long says to start again; a password reset link waits for the second factor; and an organisation that
// requires two-factor walks a member without it to enrolment when they sign in, and an owner can reset it.
import { AuditEvent, MfaBackupCode, MfaPendingSignIn, MfaTotp, Organization, Session, User } from '@gatehouse/db';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, verifyInBrowser } from '../mailed-link.js';
import { startServer, type RunningServer } from '../server.js';
import { BROWSER_PASSWORD as PASSWORD, signOutInPage, signUpInPage, submitSignIn } from './forms.js';
import { launchChromium } from './chromium.js';
import { collectProblems, type ExpectedRefusals } from './console-problems.js';

// A short sudo window, so the story can let it close and reopen it, by password and by code.
const SUDO_WINDOW_SECONDS = 6;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ SUDO_WINDOW_SECONDS: String(SUDO_WINDOW_SECONDS) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const expectedRefusals: ExpectedRefusals = {
  // Wrong codes are typed on purpose; an expired second step is refused.
  401: ['me.mfa.totp.confirm', 'me.sudo.enter', 'auth.mfa.verify'],
  // A closed sudo window: the app asks for a step-up and sends the call again.
  403: ['me.mfa.totp.begin', 'me.mfa.backupCodes.regenerate'],
};
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const navLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name, exact: true });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An authenticator app for one secret. The server takes each 30-second step's code once, so
 * every code handed out is for a step after the last one; when that step is more than one
 * ahead of the clock (outside the ±1 window), wait until it is not.
 */
function authenticator(secret: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  let lastStep = -1;
  return {
    secret,
    async nextCode(): Promise<string> {
      const now = Math.floor(Date.now() / 30_000);
      const step = Math.max(now, lastStep + 1);
      if (step > now + 1) await sleep((step - 1) * 30_000 - Date.now() + 500);
      lastStep = step;
      return totp.generate({ timestamp: step * 30_000 + 15_000 });
    },
    /** A code that is not this secret's for any step near now. */
    wrongCode(): string {
      const near = [-1, 0, 1].map((d) => totp.generate({ timestamp: Date.now() + d * 30_000 }));
      let code = '000000';
      while (near.includes(code)) code = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      return code;
    },
  };
}

const verifyButton = (page: Page) => page.getByRole('button', { name: 'Verify', exact: true });

/** Lets the sudo window that signing up (or in, or a step-up) opened run out. */
const sudoWindowCloses = () => sleep(SUDO_WINDOW_SECONDS * 1000 + 500);

/**
 * Turns on the authenticator app from `page` (the security page or the enrolment screen): reads
 * the secret off the page, refuses a wrong code, confirms with a right one, and returns the
 * app and the backup codes shown.
 */
async function enrolTotp(
  page: Page,
  { alreadyStarted = false } = {},
): Promise<{ app: ReturnType<typeof authenticator>; backupCodes: string[] }> {
  const qr = page.getByRole('img', { name: 'QR code to scan with your authenticator app' });
  if (!alreadyStarted) {
    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    // The sudo window from signing in may have closed by now: then the password opens it again.
    const sudo = page.getByRole('dialog', { name: 'Confirm your password' });
    await qr.or(sudo).waitFor();
    if (await sudo.isVisible()) {
      await sudo.getByLabel('Password').fill(PASSWORD);
      await sudo.getByRole('button', { name: 'Confirm' }).click();
    }
  }
  await qr.waitFor();
  // Drawn in the page: a data: URL, never an address of a QR service.
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  const secret = await page.getByLabel('Setup key').inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
  const app = authenticator(secret);

  await page.getByLabel('Authentication code').fill(app.wrongCode());
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByText("That code didn't work.", { exact: false }).waitFor();
  await page.getByLabel('Authentication code').fill(await app.nextCode());
  await page.getByRole('button', { name: 'Verify and turn on' }).click();

  await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
  const backupCodes = await page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allInnerTexts();
  expect(backupCodes).toHaveLength(10);
  expect(new Set(backupCodes).size).toBe(10);

  // The download holds every code, and names the account.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .txt' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^gatehouse-backup-codes-\d{4}-\d{2}-\d{2}\.txt$/);
  const text = await download.createReadStream().then(async (stream) => {
    let body = '';
    for await (const chunk of stream) body += String(chunk);
    return body;
  });
  for (const code of backupCodes) expect(text).toContain(code);

  // Done only once the user says the codes are kept.
  const done = page.getByRole('button', { name: 'Done' });
  expect(await done.isDisabled()).toBe(true);
  await page.getByLabel("I've saved my backup codes").check();
  await done.click();
  return { app, backupCodes };
}

async function userId(email: string): Promise<string> {
  return (await server.orm.em.fork().findOneOrFail(User, { email })).id;
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A sensitive change after the sudo window closed asks for the password first; `after` is what shows when it did not. */
async function confirmPasswordIfAsked(page: Page, after: ReturnType<Page['getByText']>): Promise<void> {
  const sudo = page.getByRole('dialog', { name: 'Confirm your password' });
  await after.or(sudo).first().waitFor();
  if (await sudo.isVisible()) {
    await sudo.getByLabel('Password').fill(PASSWORD);
    await sudo.getByRole('button', { name: 'Confirm' }).click();
  }
}

describe('two-factor authentication in the browser', () => {
  it('enrols an authenticator app behind a password step-up, then enters sudo with a code instead of the password', async () => {
    const email = `two-factor-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Tess Two', org: 'Factor Co' });
    const id = await userId(email);

    await navLink(page, 'Security').click();
    await heading(page, 'Security').waitFor();
    const card = page.getByRole('region', { name: 'Two-factor authentication' });
    await card.getByText('Off', { exact: true }).waitFor();

    // Setting up needs a step-up; without a factor yet, the password is the only way.
    await sudoWindowCloses();
    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    let sudo = page.getByRole('dialog', { name: 'Confirm your password' });
    await sudo.getByLabel('Password').fill(PASSWORD);
    expect(await sudo.getByRole('button', { name: 'Use your authenticator app instead' }).count()).toBe(0);
    await sudo.getByRole('button', { name: 'Confirm' }).click();
    const { app, backupCodes } = await enrolTotp(page, { alreadyStarted: true });
    await card.getByText('On', { exact: true }).waitFor();
    await card.getByText('10 codes left').waitFor();

    // Stored sealed and hashed: neither the secret nor a code is in the database as text.
    const em = server.orm.em.fork();
    const totpRow = await em.findOneOrFail(MfaTotp, { user: id });
    expect(totpRow.secret).not.toBeNull();
    expect(totpRow.secret).not.toContain(app.secret);
    expect(totpRow.pendingSecret).toBeNull();
    const codeRows = await em.find(MfaBackupCode, { user: id }, { fields: ['codeHash', 'usedAt'] });
    expect(codeRows).toHaveLength(10);
    const shown = backupCodes.map((code) => code.toLowerCase().replace(/[^a-z0-9]/g, ''));
    for (const row of codeRows) {
      expect(row.usedAt).toBeNull();
      expect(shown.some((code) => row.codeHash.toLowerCase().includes(code))).toBe(false);
    }

    // Sudo with a code: once the window has closed, new backup codes need a step-up.
    await sudoWindowCloses();
    await page.getByRole('button', { name: 'Generate new backup codes' }).click();
    await page.getByRole('dialog', { name: 'Generate new backup codes?' }).getByRole('button', { name: 'Generate new codes' }).click();
    sudo = page.getByRole('dialog', { name: 'Confirm your password' });
    await sudo.getByRole('button', { name: 'Use your authenticator app instead' }).click();
    const sudoCode = page.getByRole('dialog', { name: "Confirm it's you" });
    await sudoCode.getByLabel('Authentication code').fill(app.wrongCode());
    await sudoCode.getByRole('button', { name: 'Confirm' }).click();
    await sudoCode.getByText("That code didn't work.", { exact: false }).waitFor();
    await sudoCode.getByLabel('Authentication code').fill(await app.nextCode());
    await sudoCode.getByRole('button', { name: 'Confirm' }).click();
    const fresh = page.getByRole('dialog', { name: 'Save your new backup codes' });
    await fresh.getByRole('list', { name: 'Backup codes' }).waitFor();
    const newCodes = await fresh.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allInnerTexts();
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => backupCodes.includes(code))).toEqual([]);
    await fresh.getByLabel("I've saved my backup codes").check();
    await fresh.getByRole('button', { name: 'Done' }).click();
    await card.getByText('10 codes left').waitFor();
    // The old set is gone, not merely hidden.
    expect(await em.fork().count(MfaBackupCode, { user: id })).toBe(10);

    const audit = await em.fork().find(AuditEvent, { actorId: id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['mfa.totp_confirm_failed', 'mfa.totp_enabled', 'sudo.failed', 'mfa.backup_codes_regenerated']),
    );
    const sudoEntries = audit.filter((row) => row.action === 'sudo.entered');
    // One step-up by password (to set the app up), one by code.
    expect(sudoEntries).toHaveLength(2);
    expect(sudoEntries[1]?.metadata).toMatchObject({ method: 'totp' });
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('signs in with the password and a code, and with a backup code that then no longer works; an expired second step says to start again', async () => {
    const email = `two-step-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Sid Second', org: 'Second Step Co' });
    const id = await userId(email);
    await navLink(page, 'Security').click();
    const { app, backupCodes } = await enrolTotp(page);

    // The password alone opens nothing: no session cookie until the second step is done.
    await signOutInPage(page);
    await submitSignIn(page, email);
    await heading(page, 'Two-factor authentication').waitFor();
    expect((await context.cookies()).filter((c) => c.name === 'session')).toEqual([]);
    await page.getByLabel('Authentication code').fill(app.wrongCode());
    await verifyButton(page).click();
    await page.getByText("That code didn't work.", { exact: false }).waitFor();
    await page.getByLabel('Authentication code').fill(await app.nextCode());
    await verifyButton(page).click();
    await heading(page, 'Profile').waitFor();
    expect((await context.cookies()).filter((c) => c.name === 'session')).toHaveLength(1);

    // With a backup code instead: it works once.
    await signOutInPage(page);
    await submitSignIn(page, email);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(backupCodes[0]!);
    await verifyButton(page).click();
    await heading(page, 'Profile').waitFor();
    await signOutInPage(page);
    await submitSignIn(page, email);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(backupCodes[0]!);
    await verifyButton(page).click();
    await page.getByText("That backup code didn't work.", { exact: false }).waitFor();

    // A second step left too long: the server has nothing to attach a code to, so start again.
    await server.orm.em.fork().nativeUpdate(MfaPendingSignIn, { user: id }, { expiresAt: new Date(Date.now() - 1000) });
    await page.getByLabel('Backup code').fill(backupCodes[1]!);
    await verifyButton(page).click();
    await page.getByText('This sign-in attempt has expired', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Start again', exact: true }).click();
    await heading(page, 'Sign in to Gatehouse').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(backupCodes[1]!);
    await verifyButton(page).click();
    await heading(page, 'Profile').waitFor();

    const em = server.orm.em.fork();
    expect(await em.count(MfaBackupCode, { user: id, usedAt: { $ne: null } })).toBe(2);
    await navLink(page, 'Security').click();
    await page.getByRole('region', { name: 'Two-factor authentication' }).getByText('8 codes left').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('a password reset link waits for the second factor before the new password takes effect', async () => {
    const email = `two-reset-${Date.now()}@example.com`;
    const newPassword = 'a recovered long passphrase';
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, expectedRefusals);
    await signUpInPage(page, { email, name: 'Rey Reset', org: 'Reset Co' });
    const id = await userId(email);
    await navLink(page, 'Security').click();
    const { app } = await enrolTotp(page);
    await signOutInPage(page);

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(`If an account uses ${email}, we sent it a link`).waitFor();
    const before = (await server.orm.em.fork().findOneOrFail(User, { id })).passwordHash;
    await page.goto(new URL(await mailedLink(server, email, '/reset-password/')).pathname);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();

    // The link alone changed nothing yet.
    await heading(page, "Confirm it's you").waitFor();
    expect((await server.orm.em.fork().findOneOrFail(User, { id })).passwordHash).toBe(before);
    await page.getByLabel('Authentication code').fill(await app.nextCode());
    await page.getByRole('button', { name: 'Verify and change password' }).click();
    await heading(page, 'Your password was changed').waitFor();
    expect((await server.orm.em.fork().findOneOrFail(User, { id })).passwordHash).not.toBe(before);

    // The new password, and still the second factor.
    await submitSignIn(page, email, newPassword);
    await heading(page, 'Two-factor authentication').waitFor();
    await page.getByLabel('Authentication code').fill(await app.nextCode());
    await verifyButton(page).click();
    await heading(page, 'Profile').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('an organisation that requires two-factor walks a member without it to enrolment at sign-in, then into the app; an owner can reset it', async () => {
    const stamp = Date.now();
    const ownerEmail = `mfa-owner-${stamp}@example.com`;
    const memberEmail = `mfa-member-${stamp}@example.com`;
    const owner = await browser.newContext({ baseURL: server.origin });
    const a = await owner.newPage();
    // The owner's sudo window may close before the policy change or the reset: the app asks and retries.
    const ownerProblems = collectProblems(a, {
      ...expectedRefusals,
      403: [...(expectedRefusals[403] ?? []), 'orgAdmin.settings.update', 'orgAdmin.members.resetMfa'],
    });
    await signUpInPage(a, { email: ownerEmail, name: 'Otto Owner', org: 'Policy Co' });
    await verifyInBrowser(a, server, ownerEmail);

    // The member joins by invitation, before any policy, then signs out.
    const invited = await fetch(`${server.url}/trpc/orgAdmin.invitations.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin, cookie: await cookieHeader(owner) },
      body: JSON.stringify({ email: memberEmail, role: 'member', teamIds: [] }),
    });
    expect(invited.status).toBe(200);
    const { url } = ((await invited.json()) as { result: { data: { url: string } } }).result.data;
    const member = await browser.newContext({ baseURL: server.origin });
    const b = await member.newPage();
    // Removing the member's only factor is refused (412), perhaps after a closed sudo window (403).
    const memberProblems = collectProblems(b, {
      ...expectedRefusals,
      403: [...(expectedRefusals[403] ?? []), 'me.mfa.totp.disable'],
      412: ['me.mfa.totp.disable'],
    });
    await b.goto(new URL(url).pathname);
    await b.getByLabel('Your name').fill('Mia Member');
    await b.getByLabel('Password').fill(PASSWORD);
    await b.getByRole('button', { name: 'Accept invitation' }).click();
    await heading(b, 'Profile').waitFor();
    await signOutInPage(b);

    // The owner can't require what they don't have; once enrolled, they can.
    await a.goto('/admin/settings');
    await heading(a, 'Settings').waitFor();
    const toggle = a.getByRole('switch', { name: 'Require two-factor authentication' });
    await a.getByText('Turn on two-factor authentication for your own account first', { exact: false }).waitFor();
    expect(await toggle.isDisabled()).toBe(true);
    await a.getByRole('link', { name: 'Go to your security settings' }).click();
    await heading(a, 'Security').waitFor();
    await enrolTotp(a);
    await navLink(a, 'Settings').click();
    await heading(a, 'Settings').waitFor();
    await toggle.click();
    await confirmPasswordIfAsked(a, a.getByText('Two-factor authentication is now required.'));
    await a.getByText('Two-factor authentication is now required.').waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    const orgId = (await server.orm.em.fork().findOneOrFail(Organization, { name: 'Policy Co' })).id;
    expect((await server.orm.em.fork().findOneOrFail(Organization, { id: orgId })).requireMfa).toBe(true);

    // The member signs in: the enrolment screen, not the app and not a page of errors.
    await submitSignIn(b, memberEmail);
    await heading(b, 'Set up two-factor authentication').waitFor();
    await b.getByText('Policy Co requires everyone to use two-factor authentication', { exact: false }).waitFor();
    expect(await b.getByRole('navigation', { name: 'Settings' }).count()).toBe(0);
    const memberId = await userId(memberEmail);
    expect(await server.orm.em.fork().count(MfaTotp, { user: memberId, secret: { $ne: null } })).toBe(0);
    await enrolTotp(b);
    await heading(b, 'Profile').waitFor();
    await navLink(b, 'API keys').click();
    await heading(b, 'API keys').waitFor();
    expect(await server.orm.em.fork().count(MfaTotp, { user: memberId, secret: { $ne: null } })).toBe(1);
    expect(await server.orm.em.fork().count(MfaBackupCode, { user: memberId, usedAt: null })).toBe(10);
    expect(await server.orm.em.fork().count(Session, { user: memberId })).toBeGreaterThan(0);

    // The app is now the member's only factor: the policy keeps it, and the dialog says why.
    await navLink(b, 'Security').click();
    await heading(b, 'Security').waitFor();
    await b.getByRole('button', { name: 'Remove authenticator app' }).click();
    const removeApp = b.getByRole('dialog', { name: 'Remove the authenticator app?' });
    await removeApp.getByRole('button', { name: 'Remove', exact: true }).click();
    const why = removeApp.getByText('Your organisation requires two-factor authentication: add another factor before removing this one.', {
      exact: true,
    });
    await confirmPasswordIfAsked(b, why);
    await why.waitFor();
    await removeApp.getByRole('button', { name: 'Cancel' }).click();
    expect(await server.orm.em.fork().count(MfaTotp, { user: memberId, secret: { $ne: null } })).toBe(1);
    expect(await server.orm.em.fork().count(AuditEvent, { action: 'mfa.totp_disabled', targetId: memberId })).toBe(0);

    // The owner resets the member's two-factor from the member page: factors and sessions gone.
    await a.goto(`/admin/members/${memberId}`);
    await heading(a, 'Mia Member').waitFor();
    await a.getByRole('button', { name: 'Reset two-factor authentication' }).click();
    const confirm = a.getByRole('dialog', { name: 'Reset two-factor authentication for Mia Member?' });
    await confirm.getByRole('button', { name: 'Reset two-factor' }).click();
    const done = a.getByText('Two-factor authentication was reset for Mia Member.');
    await confirmPasswordIfAsked(a, done);
    await done.waitFor();
    const em = server.orm.em.fork();
    expect(await em.count(MfaTotp, { user: memberId, secret: { $ne: null } })).toBe(0);
    expect(await em.count(MfaBackupCode, { user: memberId })).toBe(0);
    expect(await em.count(Session, { user: memberId })).toBe(0);

    expect(ownerProblems).toEqual([]);
    expect(memberProblems).toEqual([]);
    await owner.close();
    await member.close();
  }, 240_000);
});
