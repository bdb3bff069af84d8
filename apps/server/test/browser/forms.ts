// The sign-up and sign-in forms filled in as a person would, for the browser tests that need an
// account before the part they are about.
import type { Page } from 'playwright-core';

export const BROWSER_PASSWORD = 'a long browser passphrase';

export interface NewAccount {
  email: string;
  name: string;
  org: string;
  password?: string;
}

/** Creates the account from /sign-up and waits for the first page a new user sees (Profile). */
export async function signUpInPage(page: Page, { email, name, org, password = BROWSER_PASSWORD }: NewAccount): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Organisation name').fill(org);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
}

/** Sends the /sign-in form; what follows (Profile, a second step, an error) is the caller's to await. */
export async function submitSignIn(page: Page, email: string, password = BROWSER_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs out from the header and waits for the sign-in page it lands on. */
export async function signOutInPage(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to Gatehouse' }).waitFor();
}
