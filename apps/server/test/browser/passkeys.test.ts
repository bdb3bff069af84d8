// WebAuthn for real: Chromium's virtual authenticator (a platform passkey that verifies its user)
// driven through the DevTools protocol. Add a passkey on the security page, rename it, sign out,
// sign in with the passkey alone, then confirm a sensitive change (removing it) with the passkey
// in the sudo dialog (which says so when there is no passkey yet, and takes a second try after a
// cancelled prompt); with a password too, the passkey finishes the password's second step, and a
// prompt that fails or is cancelled there leaves a way on. Each step is checked in the database,
// not only on screen.
import { AuditEvent, Membership, MfaBackupCode, Organization, Passkey, Session, User } from '@gatehouse/db';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { BROWSER_PASSWORD, signOutInPage, signUpInPage, submitSignIn } from './forms.js';
import { launchChromium } from './chromium.js';
import { collectProblems } from './console-problems.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fresh = () => server.orm.em.fork();

/** A platform authenticator with a discoverable credential store and user verification that passes. */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** Adds a passkey from the security page; returns the backup codes that come with the first factor. */
async function addPasskey(page: Page, name: string): Promise<string[]> {
  await page.goto('/security');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  const addDialog = page.getByRole('dialog', { name: 'Add a passkey' });
  await addDialog.getByLabel('Passkey name').fill(name);
  await addDialog.getByRole('button', { name: 'Continue' }).click();
  const codesDialog = page.getByRole('dialog', { name: 'Save your backup codes' });
  const list = codesDialog.getByRole('list', { name: 'Backup codes' });
  await list.waitFor();
  const codes = await list.getByRole('listitem').allInnerTexts();
  await codesDialog.getByRole('checkbox').check();
  await codesDialog.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('list', { name: 'Your passkeys' }).getByText(name).waitFor();
  return codes;
}

describe('passkeys in the browser', () => {
  it('adds a passkey, signs in with it alone, and confirms a sensitive change with it', async () => {
    const email = `passkey-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    // Removing the passkey first meets a shut sudo window (403), which the sudo dialog answers.
    const problems = collectProblems(page, { 401: ['me.get'], 403: ['me.mfa.passkeys.delete'] });
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    await signUpInPage(page, { email, name: 'Pat Passkey', org: 'Passkey Works' });
    const user = await fresh().findOneOrFail(User, { email });

    // Add: name it, the authenticator makes it, the list shows it.
    await page.goto('/security');
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByText('No passkeys yet.').waitFor();
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const addDialog = page.getByRole('dialog', { name: 'Add a passkey' });
    await addDialog.getByLabel('Passkey name').fill('Test laptop');
    await addDialog.getByRole('button', { name: 'Continue' }).click();
    const codesDialog = page.getByRole('dialog', { name: 'Save your backup codes' });
    // The first factor comes with backup codes, shown once in the same dialog.
    await codesDialog.waitFor();
    expect(await fresh().count(MfaBackupCode, { user: user.id, usedAt: null })).toBe(10);
    await codesDialog.getByRole('checkbox').check();
    await codesDialog.getByRole('button', { name: 'Done' }).click();
    await codesDialog.waitFor({ state: 'detached' });
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await list.getByText('Test laptop').waitFor();
    await list.getByText('Never used').waitFor();

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    const [row] = await fresh().find(Passkey, { user: user.id });
    expect(row!.credentialId).toBe(Buffer.from(credentials[0]!.credentialId, 'base64').toString('base64url'));
    expect(row!.name).toBe('Test laptop');
    expect(await fresh().count(AuditEvent, { action: 'mfa.passkey_added', actorId: user.id })).toBe(1);

    // Rename from the keyboard: the button, the field, Enter.
    await page.getByRole('button', { name: 'Rename passkey Test laptop' }).focus();
    await page.keyboard.press('Enter');
    const renameDialog = page.getByRole('dialog', { name: 'Rename passkey' });
    await renameDialog.getByLabel('Passkey name').fill('Work laptop');
    await page.keyboard.press('Enter');
    await list.getByText('Work laptop').waitFor();
    expect((await fresh().findOneOrFail(Passkey, { id: row!.id })).name).toBe('Work laptop');

    // Sign out, then in with the passkey alone: no email, no password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in**');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();

    const sessionCookie = (await context.cookies()).find((c) => c.name === 'session');
    expect(sessionCookie).toBeDefined();
    const sessions = await fresh().find(Session, { user: user.id });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.sudoUntil!.getTime()).toBeGreaterThan(Date.now());
    const [signedIn] = await fresh().find(AuditEvent, { action: 'user.signed_in', targetId: sessions[0]!.id });
    expect(signedIn!.metadata).toEqual({ method: 'passkey', passkeyId: row!.id });
    const used = await fresh().findOneOrFail(Passkey, { id: row!.id });
    expect(used.lastUsedAt).not.toBeNull();
    expect(used.counter).toBe((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount);
    // The ceremony's cookie went with its challenge.
    expect((await context.cookies()).map((c) => c.name)).not.toContain('passkey-challenge');

    // Shut the sudo window, then remove the passkey: the sudo dialog asks, the passkey answers.
    await fresh().nativeUpdate(Session, { user: user.id }, { sudoUntil: null });
    await page.goto('/security');
    await list.getByText('Last used').waitFor();
    await page.getByRole('button', { name: 'Remove passkey Work laptop' }).click();
    await page.getByRole('dialog', { name: 'Remove passkey?' }).getByRole('button', { name: 'Remove passkey' }).click();
    const sudoDialog = page.getByRole('dialog', { name: 'Confirm your password' });
    await sudoDialog.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByText('No passkeys yet.').waitFor();

    expect(await fresh().count(Passkey, { user: user.id })).toBe(0);
    const stepUps = await fresh().find(AuditEvent, { action: 'sudo.entered', actorId: user.id });
    expect(stepUps.map((a) => a.metadata)).toEqual([{ method: 'passkey' }]);
    expect(await fresh().count(AuditEvent, { action: 'mfa.passkey_removed', actorId: user.id })).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the last passkey while the organisation requires two-factor, and says why', async () => {
    const email = `passkey-policy-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    // The refusal is the point of the test: the removal answers 412.
    const problems = collectProblems(page, { 412: ['me.mfa.passkeys.delete'] });
    await addVirtualAuthenticator(context, page);
    await signUpInPage(page, { email, name: 'Pia Policy', org: 'Policy Keys' });
    const user = await fresh().findOneOrFail(User, { email });
    await addPasskey(page, 'Only key');
    // The policy as the owner's switch would set it (that switch has its own test).
    const membership = await fresh().findOneOrFail(Membership, { user: user.id });
    await fresh().nativeUpdate(Organization, { id: membership.organization.id }, { requireMfa: true });

    await page.getByRole('button', { name: 'Remove passkey Only key' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove passkey?' });
    await confirm.getByRole('button', { name: 'Remove passkey' }).click();
    await confirm
      .getByText('Your organisation requires two-factor authentication: add another factor before removing this one.', { exact: true })
      .waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('list', { name: 'Your passkeys' }).getByText('Only key').waitFor();
    expect(await fresh().count(Passkey, { user: user.id })).toBe(1);
    expect(await fresh().count(AuditEvent, { action: 'mfa.passkey_removed', actorId: user.id })).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says so when the passkey prompt ends without an answer, and stays signed out', async () => {
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    const problems = collectProblems(page, { 401: ['me.get'] });
    // An authenticator holding no passkey for this site: the browser's request ends unanswered.
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'passkey prompt was closed' }).waitFor({ timeout: 15_000 });
    expect((await context.cookies()).map((c) => c.name)).not.toContain('session');
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
  it('finishes a password sign-in with the passkey as second step; a failed or cancelled prompt says so and leaves retry or a backup code', async () => {
    const email = `passkey-second-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    // A forged signature is refused on purpose (401 from auth.mfa.verify).
    const problems = collectProblems(page, { 401: ['me.get', 'auth.mfa.verify'] });
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    await signUpInPage(page, { email, name: 'Pat Passkey', org: 'Passkey Works' });
    const user = await fresh().findOneOrFail(User, { email });
    const backupCodes = await addPasskey(page, 'Desk key');
    const [passkey] = await fresh().find(Passkey, { user: user.id });
    const sessionCookies = async () => (await context.cookies()).filter((c) => c.name === 'session');

    // The password alone is not enough: the second step offers the passkey and the backup codes.
    await signOutInPage(page);
    await submitSignIn(page, email);
    await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
    expect(await sessionCookies()).toEqual([]);
    const usePasskey = page.getByRole('button', { name: 'Use a passkey' });
    await page.getByLabel('Backup code').waitFor();

    // Cancelled: the device could not check it is you, so the browser's prompt ends unanswered.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await usePasskey.click();
    await page.getByRole('alert').filter({ hasText: 'The passkey prompt was closed before it finished.' }).waitFor({ timeout: 15_000 });
    expect(await usePasskey.isEnabled()).toBe(true);
    expect(await sessionCookies()).toEqual([]);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });

    // Failed: the authenticator answers with a forged signature, which the server refuses and counts.
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, isBogusSignature: true });
    await usePasskey.click();
    await page.getByRole('alert').filter({ hasText: 'That passkey was not accepted. Try again, or use a code.' }).waitFor();
    expect(await sessionCookies()).toEqual([]);
    const failed = await fresh().find(AuditEvent, { action: 'mfa.code_failed', targetId: user.id });
    expect(failed.map((a) => a.metadata)).toEqual([{ during: 'sign_in', method: 'passkey' }]);
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, isBogusSignature: false });

    // Retry: the same pending sign-in, now answered properly, opens the session.
    await usePasskey.click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await page.getByText(`Signed in as ${email}`).waitFor();
    expect(await sessionCookies()).toHaveLength(1);
    const [session] = await fresh().find(Session, { user: user.id });
    const [signedIn] = await fresh().find(AuditEvent, { action: 'user.signed_in', targetId: session!.id });
    expect(signedIn!.metadata).toEqual({ secondFactor: 'passkey' });
    expect((await fresh().findOneOrFail(Passkey, { id: passkey!.id })).lastUsedAt).not.toBeNull();

    // Or a code: after a cancelled prompt the backup code form still finishes the step.
    await signOutInPage(page);
    await submitSignIn(page, email);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await usePasskey.click();
    await page.getByRole('alert').filter({ hasText: 'The passkey prompt was closed before it finished.' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Backup code').fill(backupCodes[0]!);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByText(`Signed in as ${email}`).waitFor();
    expect(await fresh().count(MfaBackupCode, { user: user.id, usedAt: { $ne: null } })).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
  it('in the sudo dialog, "Use a passkey" says so when there is none yet, and after a cancelled prompt can be tried again', async () => {
    const email = `passkey-sudo-${Date.now()}@example.com`;
    const context = await browser.newContext({ baseURL: server.origin });
    const page = await context.newPage();
    // Both changes meet a shut sudo window (403), which the sudo dialog answers.
    const problems = collectProblems(page, { 403: ['me.mfa.passkeys.registrationOptions', 'me.mfa.passkeys.delete'] });
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    await signUpInPage(page, { email, name: 'Pat Passkey', org: 'Passkey Works' });
    const user = await fresh().findOneOrFail(User, { email });
    const shutSudoWindow = () => fresh().nativeUpdate(Session, { user: user.id }, { sudoUntil: null });
    const sudoDialog = page.getByRole('dialog', { name: 'Confirm your password' });

    // No passkey yet: the dialog says so instead of opening a prompt that can only fail; the password still works.
    await shutSudoWindow();
    await page.goto('/security');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('dialog', { name: 'Add a passkey' }).getByLabel('Passkey name').fill('Desk key');
    await page.getByRole('dialog', { name: 'Add a passkey' }).getByRole('button', { name: 'Continue' }).click();
    await sudoDialog.getByRole('button', { name: 'Use a passkey' }).click();
    await sudoDialog.getByRole('alert').filter({ hasText: 'You have no passkeys yet.' }).waitFor();
    await sudoDialog.getByLabel('Password').fill(BROWSER_PASSWORD);
    await sudoDialog.getByRole('button', { name: 'Confirm' }).click();
    const codesDialog = page.getByRole('dialog', { name: 'Save your backup codes' });
    await codesDialog.getByRole('checkbox').check();
    await codesDialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('list', { name: 'Your passkeys' }).getByText('Desk key').waitFor();

    // A cancelled prompt leaves the dialog open with a sentence, and the next try goes through.
    await shutSudoWindow();
    await page.getByRole('button', { name: 'Remove passkey Desk key' }).click();
    await page.getByRole('dialog', { name: 'Remove passkey?' }).getByRole('button', { name: 'Remove passkey' }).click();
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await sudoDialog.getByRole('button', { name: 'Use a passkey' }).click();
    await sudoDialog.getByRole('alert').filter({ hasText: 'The passkey prompt was closed before it finished.' }).waitFor({ timeout: 15_000 });
    expect(await fresh().count(Passkey, { user: user.id })).toBe(1);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
    await sudoDialog.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByText('No passkeys yet.').waitFor();

    expect(await fresh().count(Passkey, { user: user.id })).toBe(0);
    // The password's step-up carries no method; the passkey's names itself.
    const stepUps = await fresh().find(AuditEvent, { action: 'sudo.entered', actorId: user.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(stepUps.map((a) => a.metadata)).toEqual([null, { method: 'passkey' }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
