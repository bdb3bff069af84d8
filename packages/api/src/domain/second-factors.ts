import { MfaTotp, Passkey, type EntityManager } from '@gatehouse/db';
import { backupCodesLeft, dropBackupCodes } from './mfa/backup-codes.js';

export type SecondFactorMethod = 'totp' | 'passkey' | 'backup_code';

/** A way to prove it is you beyond the password (SPEC §9). */
export interface SecondFactor {
  method: SecondFactorMethod;
  /** The factor's row (the backup codes count as one factor, named `backup_codes`). */
  id: string;
}

/**
 * The factors that turn MFA on: an authenticator app, passkeys. Backup codes only stand in for
 * them; on their own they are not a second factor.
 */
async function primaryFactorsOf(em: EntityManager, userId: string): Promise<SecondFactor[]> {
  const totp = await em.findOne(MfaTotp, { user: userId, secret: { $ne: null } }, { fields: ['id'] });
  const passkeys = await em.find(Passkey, { user: userId }, { fields: ['id'] });
  return [
    ...(totp ? [{ method: 'totp' as const, id: totp.id }] : []),
    ...passkeys.map((p) => ({ method: 'passkey' as const, id: p.id })),
  ];
}

/**
 * The second factors an account holds. Sign-in and a password reset ask this before they take
 * effect, so neither gets around a factor (SPEC §8, §9).
 */
export async function secondFactorsOf(em: EntityManager, userId: string): Promise<SecondFactor[]> {
  const primary = await primaryFactorsOf(em, userId);
  if (primary.length === 0) return [];
  const codes = await backupCodesLeft(em, userId);
  return codes > 0 ? [...primary, { method: 'backup_code', id: 'backup_codes' }] : primary;
}

export async function hasSecondFactor(em: EntityManager, userId: string): Promise<boolean> {
  return (await primaryFactorsOf(em, userId)).length > 0;
}

/** The methods a sign-in or reset may be completed with, as `{mfaRequired: true, methods}` names them. */
export function methodsOf(factors: SecondFactor[]): SecondFactorMethod[] {
  return [...new Set(factors.map((f) => f.method))];
}

/**
 * After a factor is removed: with none left, MFA is off, and the backup codes go too (they would
 * otherwise turn it back on by surprise when the next factor is added).
 */
export async function dropBackupCodesWithoutFactor(em: EntityManager, userId: string): Promise<void> {
  if (!(await hasSecondFactor(em, userId))) await dropBackupCodes(em, userId);
}
