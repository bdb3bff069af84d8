import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DatabaseTarget } from '@gatehouse/db';

export const MFA_KEY_FILE = 'mfa-encryption.key';

/** MFA_ENCRYPTION_KEY as SPEC §7 has it: base64 of exactly 32 bytes. */
export function parseMfaKey(value: string): Buffer | null {
  const key = Buffer.from(value.trim(), 'base64');
  return key.length === 32 ? key : null;
}

/**
 * Where the generated key lives when MFA_ENCRYPTION_KEY is unset: beside the SQLite file, or in
 * ./data/ for PostgreSQL. Away from the database on purpose: a copy of the database alone must
 * not open the TOTP secrets in it.
 */
export function mfaKeyFile(target: DatabaseTarget): string {
  const dir = target.kind === 'sqlite' && target.location !== ':memory:' ? dirname(target.location) : resolve('data');
  return join(dir, MFA_KEY_FILE);
}

/**
 * The key from the environment, or the one generated into `file` on the first start (so that
 * `pnpm start` just works). Instances starting together agree: the file is created exclusively,
 * and whoever loses the race reads the winner's key.
 */
export function resolveMfaKey(fromEnv: Buffer | undefined, file: string, warn: (message: string) => void): Buffer {
  if (fromEnv) return fromEnv;
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    warn(`MFA_ENCRYPTION_KEY is not set: generated one into ${file}. Set MFA_ENCRYPTION_KEY in production and keep it with your backups (see docs/security.md).`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    warn(`MFA_ENCRYPTION_KEY is not set: using the key in ${file}. Set MFA_ENCRYPTION_KEY in production (see docs/security.md).`);
  }
  const key = parseMfaKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a base64 key of 32 bytes: restore it from your backups`);
  return key;
}
