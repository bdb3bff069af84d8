import type { EntityManager } from '@gatehouse/db';
import type { TotpKeys } from '../../auth/totp.js';
import { errors } from '../../errors.js';
import type { RateLimits } from '../../rate-limits.js';
import type { MfaCodeProof } from '../../schemas/mfa.js';
import { orgIdOf } from '../accounts.js';
import type { SignInConfig } from '../open-session.js';
import type { RequestMeta } from '../profile.js';
import { BACKUP_CODES_LOW, useBackupCode } from './backup-codes.js';
import { completePendingSignIn, findPendingSignIn, type CompletedSignIn, type PendingSignIn } from './pending-sign-in.js';
import { recordMfaEvent } from './record-mfa-event.js';
import { useTotpCode } from './totp.js';

export interface VerifyDeps {
  config: SignInConfig & TotpKeys;
  rateLimits: RateLimits;
}

/**
 * Counts one attempt against both SPEC §9 limits (5 per pending sign-in, 10 per user per 15 min)
 * before the factor is checked, so parallel guesses cannot slip past; a success gives both back.
 * Shared by every method of `auth.mfa.verify` (passkeys call it too).
 */
export async function takeVerifyAttempt(rateLimits: RateLimits, pending: PendingSignIn): Promise<() => Promise<void>> {
  await rateLimits.consume('mfaPendingSignIn', pending.id);
  try {
    await rateLimits.consume('mfaUser', pending.userId);
  } catch (refused) {
    await rateLimits.refund('mfaPendingSignIn', pending.id);
    throw refused;
  }
  return async () => {
    await rateLimits.refund('mfaPendingSignIn', pending.id);
    await rateLimits.refund('mfaUser', pending.userId);
  };
}

/** A wrong second factor at sign-in or reset: audited against the account, and its owner mailed. */
export async function recordFailedVerify(em: EntityManager, pending: PendingSignIn, method: string, meta: RequestMeta): Promise<void> {
  await em.transactional(async (tx) => {
    await recordMfaEvent(
      tx,
      {
        action: 'mfa.code_failed',
        userId: pending.userId,
        orgId: await orgIdOf(tx, pending.userId),
        // The password was right, but who typed it is what is in doubt: no actor.
        actorId: null,
        via: 'session',
        metadata: { during: pending.purpose, method },
        notice: {
          title: 'A wrong two-factor code was entered',
          body:
            pending.purpose === 'sign_in'
              ? 'Someone entered your password correctly but then a wrong second factor while signing in to your Gatehouse account. If this wasn’t you, change your password now.'
              : 'Someone opened a password reset link for your Gatehouse account but then entered a wrong second factor. If this wasn’t you, your mailbox may be at risk: secure it, and change your Gatehouse password.',
        },
      },
      meta,
    );
  });
}

/**
 * `auth.mfa.verify {code} | {backupCode}`: the second step of a sign-in (or reset) started in
 * this browser. A backup code is used up; when few are left, the owner is told to make new ones.
 */
export async function verifyPendingSignIn(
  em: EntityManager,
  deps: VerifyDeps,
  input: { pendingToken: string | null; currentSessionToken: string | null; proof: MfaCodeProof },
  meta: RequestMeta,
): Promise<CompletedSignIn> {
  const pending = await findPendingSignIn(em, input.pendingToken);
  const giveBack = await takeVerifyAttempt(deps.rateLimits, pending);
  const { proof } = input;
  const method = 'code' in proof ? 'totp' : 'backup_code';
  let backupCodesLeft: number | null = null;
  if ('code' in proof) {
    const outcome = await useTotpCode(em, deps.config, pending.userId, proof.code);
    if (outcome === 'uncheckable') {
      await giveBack();
      throw errors.totpUncheckable();
    }
    if (outcome === 'rejected') {
      await recordFailedVerify(em, pending, method, meta);
      throw errors.invalidMfaCode();
    }
  } else {
    const used = await useBackupCode(em, pending.userId, proof.backupCode);
    if (!used) {
      await recordFailedVerify(em, pending, method, meta);
      throw errors.invalidMfaCode();
    }
    backupCodesLeft = used.left;
  }
  await giveBack();
  const completed = await completePendingSignIn(em, deps.config, pending, { method, currentSessionToken: input.currentSessionToken }, meta);
  if (backupCodesLeft !== null) await recordBackupCodeUse(em, pending.userId, backupCodesLeft, meta);
  return completed;
}

async function recordBackupCodeUse(em: EntityManager, userId: string, left: number, meta: RequestMeta): Promise<void> {
  await em.transactional(async (tx) => {
    const low = left <= BACKUP_CODES_LOW;
    await recordMfaEvent(
      tx,
      {
        action: 'mfa.backup_code_used',
        userId,
        orgId: await orgIdOf(tx, userId),
        actorId: userId,
        via: 'session',
        metadata: { left },
        notice: {
          title: low ? `A backup code was used: ${left} left` : 'A backup code was used',
          body: low
            ? `A backup code was used to confirm it was you on your Gatehouse account; ${left === 0 ? 'none are' : `only ${left} ${left === 1 ? 'is' : 'are'}`} left. Make a new set in your security settings before you run out.`
            : `A backup code was used to confirm it was you on your Gatehouse account; ${left} are left. If this wasn’t you, change your password and make new backup codes.`,
        },
      },
      meta,
    );
  });
}
