import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// Argon2id (algorithm 2) at the OWASP minimum SPEC §5 asks for: m=19456 KiB, t=2, p=1.
const ARGON2ID = 2;
const params = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Pays for one full verification against a throwaway hash, so "no such email" takes as long as
 * "wrong password" and response time does not reveal which emails are registered.
 */
export async function burnPasswordVerification(password: string): Promise<false> {
  dummyHash ??= hashPassword('gatehouse-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}

const commonPasswords = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

/** True for passwords on the well-known breached/common lists (~49k entries, any letter case). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}
