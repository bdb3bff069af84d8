import { Session } from '@gatehouse/db';
import { Secret, TOTP } from 'otpauth';
import { hashToken } from '../src/auth/sessions.js';
import type { Browser, Harness } from './harness.js';

/** The code an authenticator app holding `secret` shows at `at` (ms since the epoch). */
export function totpCode(secret: string, at = Date.now()): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

/** Sets up an authenticator app as its owner would: begin (in the sign-up's sudo window), scan, confirm. */
export async function enrolTotp(browser: Browser): Promise<{ secret: string; backupCodes: string[]; otpauthUrl: string }> {
  const { secret, otpauthUrl } = await browser.call((c) => c.me.mfa.totp.begin());
  const { backupCodes } = await browser.call((c) => c.me.mfa.totp.confirm({ code: totpCode(secret) }));
  return { secret, backupCodes, otpauthUrl };
}

/** Ends the sudo window of the browser's session, as ten minutes passing would. */
export function closeSudo(h: Harness, browser: Browser): Promise<number> {
  return h.orm.em.fork().nativeUpdate(Session, { tokenHash: hashToken(browser.cookie!) }, { sudoUntil: null });
}

/** A time in the middle of a 30-second step, so a test's codes cannot cross a step boundary. */
export function midStep(at = Date.now()): number {
  return Math.floor(at / 30_000) * 30_000 + 15_000;
}
