/**
 * The cookie that binds a sign-in waiting for its second factor to the browser that gave the
 * password (SPEC §9): a random token, HttpOnly, gone after five minutes. The database keeps its
 * SHA-256 only, so a pending sign-in read from a backup cannot be completed.
 */
import { randomBytes } from 'node:crypto';
import { isSecureOrigin, type ApiConfig } from '../config.js';

export const PENDING_SIGN_IN_SECONDS = 300;

export function pendingCookieName(config: Pick<ApiConfig, 'appOrigin'>): string {
  return isSecureOrigin(config) ? '__Host-mfa-pending' : 'mfa-pending';
}

export function newPendingToken(): string {
  return randomBytes(32).toString('base64url');
}

function serialize(config: Pick<ApiConfig, 'appOrigin'>, value: string, maxAge: number): string {
  const secure = isSecureOrigin(config) ? '; Secure' : '';
  return `${pendingCookieName(config)}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export const pendingCookie = (config: Pick<ApiConfig, 'appOrigin'>, token: string): string =>
  serialize(config, token, PENDING_SIGN_IN_SECONDS);

export const blankPendingCookie = (config: Pick<ApiConfig, 'appOrigin'>): string => serialize(config, '', 0);

export function readPendingCookie(config: Pick<ApiConfig, 'appOrigin'>, cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const name = pendingCookieName(config);
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}
