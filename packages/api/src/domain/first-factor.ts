import type { EntityManager } from '@gatehouse/db';
import { issueBackupCodes } from './mfa/backup-codes.js';
import { secondFactorsOf } from './second-factors.js';

/**
 * SPEC §9: enrolling the first factor issues backup codes. Called inside the enrolment's
 * transaction once the new factor is written; `except` names that factor, so "first" means no
 * other factor existed. Returns the codes to show once, or null when the account had a factor.
 */
export async function issueBackupCodesForFirstFactor(
  em: EntityManager,
  userId: string,
  { except }: { except: string },
): Promise<string[] | null> {
  const others = (await secondFactorsOf(em, userId)).filter((factor) => factor.id !== except && factor.method !== 'backup_code');
  if (others.length > 0) return null;
  return issueBackupCodes(em, userId);
}
