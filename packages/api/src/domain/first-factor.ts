import type { EntityManager } from '@gatehouse/db';
import { secondFactorsOf } from './second-factors.js';

/**
 * SPEC §9: enrolling the first factor issues backup codes. Called inside the enrolment's
 * transaction once the new factor is written; `except` names that factor, so "first" means no
 * other factor existed. Returns the codes to show once, or null when the account had a factor.
 *
 * SEAM (passkeys track): the backup-code domain function comes with the mfa-core track; until it
 * lands, no codes are issued here.
 */
export async function issueBackupCodesForFirstFactor(
  em: EntityManager,
  userId: string,
  { except }: { except: string },
): Promise<string[] | null> {
  const others = (await secondFactorsOf(em, userId)).filter((factor) => factor.id !== except);
  if (others.length > 0) return null;
  return null;
}
