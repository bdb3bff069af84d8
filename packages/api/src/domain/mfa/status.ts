import { MfaTotp, type EntityManager } from '@gatehouse/db';
import { errors } from '../../errors.js';
import { listPasskeys, type PasskeySummary } from '../passkeys.js';
import type { SessionPrincipal } from '../principal.js';
import type { RequestMeta } from '../profile.js';
import { hasSecondFactor } from '../second-factors.js';
import { backupCodesLeft, issueBackupCodes } from './backup-codes.js';
import { recordMfaEvent } from './record-mfa-event.js';

export interface MfaStatus {
  enabled: boolean;
  totp: boolean;
  passkeys: PasskeySummary[];
  backupCodesLeft: number;
}

/** SPEC §9 `me.mfa.status`. */
export async function mfaStatusOf(em: EntityManager, userId: string): Promise<MfaStatus> {
  const totp = (await em.count(MfaTotp, { user: userId, secret: { $ne: null } })) > 0;
  const passkeys = await listPasskeys(em, userId);
  return {
    enabled: await hasSecondFactor(em, userId),
    totp,
    passkeys,
    backupCodesLeft: await backupCodesLeft(em, userId),
  };
}

/** A new set of ten codes, the old set void. Only with MFA on: codes alone are no factor. */
export async function regenerateBackupCodes(
  em: EntityManager,
  principal: SessionPrincipal,
  meta: RequestMeta,
): Promise<{ backupCodes: string[] }> {
  return em.transactional(async (tx) => {
    if (!(await hasSecondFactor(tx, principal.userId))) throw errors.noSecondFactor();
    const backupCodes = await issueBackupCodes(tx, principal.userId);
    await recordMfaEvent(
      tx,
      {
        action: 'mfa.backup_codes_regenerated',
        userId: principal.userId,
        orgId: principal.orgId,
        actorId: principal.userId,
        via: 'session',
        notice: {
          title: 'New backup codes were made',
          body: 'A new set of backup codes was made for your Gatehouse account; the previous codes no longer work.',
        },
      },
      meta,
    );
    await tx.flush();
    return { backupCodes };
  });
}
