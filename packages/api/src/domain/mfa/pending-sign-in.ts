import { createHash } from 'node:crypto';
import { LinkToken, MfaPendingSignIn, type EntityManager, type PendingSignInPurpose } from '@gatehouse/db';
import { newPendingToken, PENDING_SIGN_IN_SECONDS } from '../../auth/mfa-pending-cookie.js';
import { errors } from '../../errors.js';
import { orgIdOf } from '../accounts.js';
import { openSignInSession, type SignInConfig } from '../open-session.js';
import { applyPasswordReset } from '../password-reset.js';
import type { RequestMeta } from '../profile.js';

const hashPendingToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What waits for the second factor: a sign-in, or a password reset with its link and new password hash. */
export type PendingAction = { purpose: 'sign_in' } | { purpose: 'reset_password'; linkTokenId: string; newPasswordHash: string };

/**
 * The password (or the reset link) was right; the second factor is still to come. Answers the
 * token for the browser's cookie: only that browser can finish, for five minutes.
 */
export async function startPendingSignIn(em: EntityManager, userId: string, action: PendingAction): Promise<string> {
  const token = newPendingToken();
  const now = new Date();
  // The user's own stale ones go now; nothing else would ever look at them again.
  await em.nativeDelete(MfaPendingSignIn, { user: userId, expiresAt: { $lte: now } });
  em.create(MfaPendingSignIn, {
    tokenHash: hashPendingToken(token),
    user: userId,
    purpose: action.purpose,
    linkToken: action.purpose === 'reset_password' ? action.linkTokenId : null,
    newPasswordHash: action.purpose === 'reset_password' ? action.newPasswordHash : null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_SECONDS * 1000),
  });
  await em.flush();
  return token;
}

export interface PendingSignIn {
  id: string;
  userId: string;
  purpose: PendingSignInPurpose;
}

/** The live pending sign-in this browser's cookie names; MFA_REQUIRED (start again) otherwise. */
export async function findPendingSignIn(em: EntityManager, token: string | null): Promise<PendingSignIn> {
  if (!token) throw errors.pendingSignInGone();
  const row = await em.findOne(MfaPendingSignIn, { tokenHash: hashPendingToken(token), expiresAt: { $gt: new Date() } });
  if (!row) throw errors.pendingSignInGone();
  return { id: row.id, userId: row.user.id, purpose: row.purpose };
}

export type CompletedSignIn =
  | { purpose: 'sign_in'; userId: string; sessionToken: string }
  | { purpose: 'reset_password'; userId: string };

/**
 * The second factor was proven (by whichever method: a code, a backup code, a passkey): the
 * pending action takes effect. Deleting the row is the claim, so of two parallel completions one
 * wins and the other finds nothing. A sign-in opens a session and the sudo window; a reset sets
 * the new password and signs nobody in.
 */
export async function completePendingSignIn(
  em: EntityManager,
  config: SignInConfig,
  pending: PendingSignIn,
  proof: { method: string; currentSessionToken: string | null },
  meta: RequestMeta,
): Promise<CompletedSignIn> {
  return em.transactional(async (tx) => {
    const row = await tx.findOne(MfaPendingSignIn, { id: pending.id, expiresAt: { $gt: new Date() } });
    if (!row || (await tx.nativeDelete(MfaPendingSignIn, { id: pending.id })) !== 1) throw errors.pendingSignInGone();
    if (row.purpose === 'reset_password') {
      const link = row.linkToken ? await tx.findOne(LinkToken, { id: row.linkToken.id }) : null;
      if (!link || !row.newPasswordHash) throw errors.invalidToken();
      await applyPasswordReset(tx, { linkId: link.id, passwordHash: row.newPasswordHash, secondFactor: proof.method }, meta);
      return { purpose: 'reset_password', userId: pending.userId };
    }
    const session = await openSignInSession(
      tx,
      config,
      { userId: pending.userId, orgId: await orgIdOf(tx, pending.userId), replacing: proof.currentSessionToken, secondFactor: proof.method },
      meta,
    );
    return { purpose: 'sign_in', userId: pending.userId, sessionToken: session.token };
  });
}
