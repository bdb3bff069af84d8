import { createHash } from 'node:crypto';
import { MfaBackupCode, type EntityManager } from '@gatehouse/db';
import { Secret } from 'otpauth';

export const BACKUP_CODE_COUNT = 10;
/** At or below this many unused codes, the owner is told to make new ones. */
export const BACKUP_CODES_LOW = 3;

/** Case, spaces and dashes do not matter: people copy codes from paper. */
const normalise = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');
const hashCode = (code: string): string => createHash('sha256').update(normalise(code)).digest('hex');

/**
 * 80 random bits each (16 base32 characters, shown in groups of four): too many to try offline
 * against a stolen SHA-256, so a fast hash is enough and checking a code costs one indexed read.
 */
function newBackupCode(): string {
  return new Secret({ size: 10 }).base32.toLowerCase().match(/.{4}/g)!.join('-');
}

/** A fresh set of codes; the previous set stops working. The codes are shown once, here. */
export async function issueBackupCodes(em: EntityManager, userId: string): Promise<string[]> {
  await em.nativeDelete(MfaBackupCode, { user: userId });
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  const now = new Date();
  for (const code of codes) em.create(MfaBackupCode, { user: userId, codeHash: hashCode(code), usedAt: null, createdAt: now });
  await em.flush();
  return codes;
}

export function backupCodesLeft(em: EntityManager, userId: string): Promise<number> {
  return em.count(MfaBackupCode, { user: userId, usedAt: null });
}

/**
 * Uses a code up. The conditional update is the claim: of two concurrent uses of one code exactly
 * one changes the row. Answers how many codes are left, or null when the code is not a live one.
 */
export async function useBackupCode(em: EntityManager, userId: string, code: string): Promise<{ left: number } | null> {
  const claimed = await em.nativeUpdate(MfaBackupCode, { user: userId, codeHash: hashCode(code), usedAt: null }, { usedAt: new Date() });
  if (claimed !== 1) return null;
  return { left: await backupCodesLeft(em, userId) };
}

export async function dropBackupCodes(em: EntityManager, userId: string): Promise<void> {
  await em.nativeDelete(MfaBackupCode, { user: userId });
}
