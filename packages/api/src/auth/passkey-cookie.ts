/**
 * The cookie that binds a passwordless sign-in's challenge to the browser that asked for it: a
 * random nonce, HttpOnly, gone after the ceremony's five minutes. The database keeps its SHA-256
 * only (domain/webauthn-challenges.ts), so a challenge read elsewhere cannot be answered.
 */
import { randomBytes } from 'node:crypto';
import { isSecureOrigin, type ApiConfig } from '../config.js';
import { CEREMONY_TIMEOUT_MS } from './webauthn.js';

type CookieConfig = Pick<ApiConfig, 'appOrigin'>;

export function passkeyCookieName(config: CookieConfig): string {
  return isSecureOrigin(config) ? '__Host-passkey-challenge' : 'passkey-challenge';
}

export function newPasskeyNonce(): string {
  return randomBytes(32).toString('base64url');
}

function serialize(config: CookieConfig, value: string, maxAge: number): string {
  const secure = isSecureOrigin(config) ? '; Secure' : '';
  return `${passkeyCookieName(config)}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export const passkeyCookie = (config: CookieConfig, nonce: string): string => serialize(config, nonce, CEREMONY_TIMEOUT_MS / 1000);

export const blankPasskeyCookie = (config: CookieConfig): string => serialize(config, '', 0);

export function readPasskeyCookie(config: CookieConfig, cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const name = passkeyCookieName(config);
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}
