/**
 * API key wire format (SCIM tokens the same, prefixed `gscim_`): `gate_<8-char id>_<32-char secret><6-char checksum>`, base62.
 * The secret carries 190 bits from the CSPRNG. The CRC32 checksum lets secret scanners spot a
 * leaked key and lets us refuse a mistyped or made-up one without touching the database.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 8;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

/** Every bearer secret Gatehouse issues: personal and service-account keys, and SCIM tokens. */
export type TokenKind = 'gate' | 'gscim';
const patterns: Record<TokenKind, RegExp> = {
  gate: /^gate_([0-9A-Za-z]{8})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/,
  gscim: /^gscim_([0-9A-Za-z]{8})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/,
};

function randomBase62(length: number): string {
  // randomInt draws uniformly from the CSPRNG (no modulo bias).
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export const newKeyPublicId = (): string => randomBase62(ID_LENGTH);

export function formatApiKey(publicId: string, kind: TokenKind = 'gate'): string {
  const body = `${kind}_${publicId}_${randomBase62(SECRET_LENGTH)}`;
  return body + checksum(body);
}

export const keyPrefix = (publicId: string): string => `gate_${publicId}`;

/** The key's public id, or null when it is not a well-formed key with a valid checksum. */
export function parseApiKey(key: string, kind: TokenKind = 'gate'): { publicId: string } | null {
  const match = patterns[kind].exec(key);
  if (!match) return null;
  const [, publicId, secret, sum] = match;
  return checksum(`${kind}_${publicId}_${secret}`) === sum ? { publicId: publicId! } : null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares two SHA-256 hex digests in constant time. */
export function hashesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
