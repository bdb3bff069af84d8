/**
 * The one module that knows about otpauth (RFC 6238) and how TOTP secrets are sealed at rest.
 * SPEC §9: SHA-1, 6 digits, 30-second steps, one step either side accepted.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;
const ISSUER = 'Gatehouse';

function totpFor(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** 160 random bits (RFC 4226's recommended size for SHA-1), as authenticator apps want them: base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URL an authenticator app scans from the QR code. */
export function otpauthUrl(secretBase32: string, accountName: string): string {
  return totpFor(secretBase32, accountName).toString();
}

/**
 * The 30-second step the code belongs to, if it is the code of the current step or of one either
 * side (clock drift); null otherwise. The caller records the step so the code is accepted once.
 */
export function matchTotpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

const SEALED_VERSION = 'v1';

/**
 * AES-256-GCM under MFA_ENCRYPTION_KEY, a fresh 96-bit nonce per seal. The user's id is the
 * associated data: a ciphertext copied onto another user's row does not open.
 */
export function sealSecret(key: Buffer, userId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [SEALED_VERSION, iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/**
 * The keys TOTP secrets are sealed under: the current one seals and opens, the previous ones
 * (a key rotation in progress) only open, until every secret is sealed again under the current
 * key (domain/mfa/reseal.ts).
 */
export interface TotpKeys {
  mfaEncryptionKey: Buffer;
  mfaPreviousKeys?: readonly Buffer[];
}

/**
 * Opens with the current key, else with a previous one (then `underPreviousKey`: it should be
 * sealed again); throws when none of them opens it.
 */
export function openSealed(keys: TotpKeys, userId: string, sealed: string): { plaintext: string; underPreviousKey: boolean } {
  const candidates = [keys.mfaEncryptionKey, ...(keys.mfaPreviousKeys ?? [])];
  for (const [index, key] of candidates.entries()) {
    try {
      return { plaintext: openSecret(key, userId, sealed), underPreviousKey: index > 0 };
    } catch {
      // not this key: try the next
    }
  }
  throw new Error('unreadable TOTP secret: sealed under none of the configured keys');
}

export function openSecret(key: Buffer, userId: string, sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== SEALED_VERSION || !iv || !body || !tag) throw new Error('unreadable TOTP secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  // A wrong MFA_ENCRYPTION_KEY fails here (the tag does not verify), never with a wrong secret.
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
