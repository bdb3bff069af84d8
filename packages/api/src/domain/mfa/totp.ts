import { MfaTotp, User, type EntityManager } from '@gatehouse/db';
import { matchTotpStep, newTotpSecret, openSealed, otpauthUrl, sealSecret, type TotpKeys } from '../../auth/totp.js';
import { errors } from '../../errors.js';
import { recordAudit } from '../audit.js';
import type { SessionPrincipal } from '../principal.js';
import type { RequestMeta } from '../profile.js';
import { dropBackupCodesWithoutFactor, hasSecondFactor } from '../second-factors.js';
import { issueBackupCodes } from './backup-codes.js';
import { lockFactorsOf, refuseLosingRequiredMfa } from './org-policy.js';
import { recordMfaEvent } from './record-mfa-event.js';

/**
 * Starts (or restarts) setting up an authenticator app: a new secret, kept sealed as pending
 * until a code from the app confirms it. An app already set up keeps working meanwhile.
 */
export async function beginTotp(em: EntityManager, keys: TotpKeys, principal: SessionPrincipal): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  const sealed = sealSecret(keys.mfaEncryptionKey, principal.userId, secret);
  return em.transactional(async (tx) => {
    const { email } = await tx.findOneOrFail(User, { id: principal.userId }, { fields: ['email'] });
    const row = await tx.findOne(MfaTotp, { user: principal.userId });
    if (row) row.pendingSecret = sealed;
    else tx.create(MfaTotp, { user: principal.userId, secret: null, pendingSecret: sealed, confirmedAt: null, lastUsedStep: null, lastUsedAt: null });
    await tx.flush();
    return { secret, otpauthUrl: otpauthUrl(secret, email) };
  });
}

/**
 * A code from the app proves it holds the pending secret, which then becomes the account's, and
 * a fresh set of backup codes is issued (the old set stops working). The code counts as used.
 */
export async function confirmTotp(
  em: EntityManager,
  keys: TotpKeys,
  principal: SessionPrincipal,
  code: string,
  meta: RequestMeta,
): Promise<{ backupCodes: string[] }> {
  const pending = await em.findOne(MfaTotp, { user: principal.userId, pendingSecret: { $ne: null } });
  if (!pending?.pendingSecret) throw errors.validation('Start setting up an authenticator app first');
  const secret = openOrNull(keys, principal.userId, pending.pendingSecret)?.plaintext ?? null;
  if (secret === null) throw errors.validation('This setup was sealed under a key the server no longer has: start setting up the app again');
  const step = matchTotpStep(secret, code);
  if (step === null) {
    // A typo while setting up costs nothing: audited, not mailed (nothing was at risk).
    recordAudit(em, {
      action: 'mfa.totp_confirm_failed',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'user',
      targetId: principal.userId,
      ...meta,
    });
    await em.flush();
    throw errors.invalidMfaCode();
  }
  return em.transactional(async (tx) => {
    // The very setup that was checked: a `begin` in between (another tab) makes this one stale.
    // Compared by what it opens to, not by ciphertext: a key rotation may have sealed the same
    // setup again meanwhile (domain/mfa/reseal.ts).
    const row = await tx.findOne(MfaTotp, { id: pending.id, pendingSecret: { $ne: null } });
    if (!row || openOrNull(keys, principal.userId, row.pendingSecret!)?.plaintext !== secret) {
      throw errors.validation('This setup was replaced by a newer one: scan the new QR code');
    }
    const replacing = row.secret !== null;
    // Sealed afresh under the current key rather than copied: a setup begun before a key rotation
    // must not become a secret under the key being retired.
    const sealed = sealSecret(keys.mfaEncryptionKey, principal.userId, secret);
    Object.assign(row, { secret: sealed, pendingSecret: null, confirmedAt: new Date(), lastUsedStep: step, lastUsedAt: new Date() });
    await tx.flush();
    const backupCodes = await issueBackupCodes(tx, principal.userId);
    await recordMfaEvent(
      tx,
      {
        action: replacing ? 'mfa.totp_replaced' : 'mfa.totp_enabled',
        userId: principal.userId,
        orgId: principal.orgId,
        actorId: principal.userId,
        via: 'session',
        notice: {
          title: replacing ? 'Your authenticator app was replaced' : 'Two-factor authentication is on',
          body: `An authenticator app was ${replacing ? 'set up again' : 'added'} as a second factor for your Gatehouse account, and a new set of backup codes was issued (older codes no longer work).`,
        },
      },
      meta,
    );
    await tx.flush();
    return { backupCodes };
  });
}

/**
 * Removes the authenticator app; with no other factor left, MFA is off and the backup codes go,
 * unless the organisation requires MFA (then the last factor stays).
 */
export async function disableTotp(em: EntityManager, principal: SessionPrincipal, meta: RequestMeta): Promise<{ ok: true }> {
  return em.transactional(async (tx) => {
    await lockFactorsOf(tx, principal.userId);
    const removed = await tx.nativeDelete(MfaTotp, { user: principal.userId, secret: { $ne: null } });
    if (removed === 0) throw errors.validation('No authenticator app is set up');
    await refuseLosingRequiredMfa(tx, principal);
    await dropBackupCodesWithoutFactor(tx, principal.userId);
    const stillOn = await hasSecondFactor(tx, principal.userId);
    await recordMfaEvent(
      tx,
      {
        action: 'mfa.totp_disabled',
        userId: principal.userId,
        orgId: principal.orgId,
        actorId: principal.userId,
        via: 'session',
        metadata: { mfaStillEnabled: stillOn },
        notice: {
          title: 'Your authenticator app was removed',
          body: stillOn
            ? 'The authenticator app was removed from your Gatehouse account. Your other second factors still protect it.'
            : 'The authenticator app was removed from your Gatehouse account: two-factor authentication is now off.',
        },
      },
      meta,
    );
    await tx.flush();
    return { ok: true as const };
  });
}

/**
 * Whether `code` is the account's current TOTP code, accepted once: the step is claimed with a
 * conditional update, so two parallel uses of one code (or a replay later) give one success.
 * `uncheckable`: no configured key opens the secret, so no code could be right (not a wrong code:
 * callers neither audit nor mail it as one).
 */
export async function useTotpCode(em: EntityManager, keys: TotpKeys, userId: string, code: string): Promise<'accepted' | 'rejected' | 'uncheckable'> {
  const row = await em.findOne(MfaTotp, { user: userId, secret: { $ne: null } }, { fields: ['secret'] });
  if (!row?.secret) return 'rejected';
  const opened = openOrNull(keys, userId, row.secret);
  if (!opened) return 'uncheckable';
  const step = matchTotpStep(opened.plaintext, code);
  if (step === null) return 'rejected';
  const claimed = await em.nativeUpdate(
    MfaTotp,
    { id: row.id, $or: [{ lastUsedStep: null }, { lastUsedStep: { $lt: step } }] },
    { lastUsedStep: step, lastUsedAt: new Date() },
  );
  if (claimed !== 1) return 'rejected';
  if (opened.underPreviousKey) {
    // Sealed again under the current key as it is used; unless it changed meanwhile (a re-enrolment, the reseal job).
    await em.nativeUpdate(MfaTotp, { id: row.id, secret: row.secret }, { secret: sealSecret(keys.mfaEncryptionKey, userId, opened.plaintext) });
  }
  return 'accepted';
}

/**
 * A secret none of the configured keys opens (MFA_ENCRYPTION_KEY changed without the old one kept
 * as MFA_ENCRYPTION_KEY_PREVIOUS) is null here: see useTotpCode and confirmTotp for what follows.
 */
function openOrNull(keys: TotpKeys, userId: string, sealed: string): ReturnType<typeof openSealed> | null {
  try {
    return openSealed(keys, userId, sealed);
  } catch {
    return null;
  }
}
