import { LinkToken, Membership, Session, User, type EntityManager } from '@gatehouse/db';
import { errors } from '../errors.js';
import { composeMail } from '../mail/layout.js';
import { orgIdOf } from './accounts.js';
import { recordAudit } from './audit.js';
import { findLiveLink, issueLinkToken } from './link-tokens.js';
import { startPendingSignIn } from './mfa/pending-sign-in.js';
import { notify, queueMail } from './notifications.js';
import type { RequestMeta } from './profile.js';
import { methodsOf, secondFactorsOf, type SecondFactorMethod } from './second-factors.js';

/**
 * Answers every request alike (SPEC §8): whether or not an account uses the address, the same
 * statements run in the same order — one read, one link row (usable by nobody when there is no
 * account), one mail, one audit row — and only the mail's words differ. Nothing here waits on the
 * mail going out; that happens after the response's transaction, for every request the same.
 */
export async function requestPasswordReset(
  em: EntityManager,
  email: string,
  appOrigin: string,
  meta: RequestMeta,
): Promise<{ ok: true }> {
  return em.transactional(async (tx) => {
    // People only: a service account's address is as unknown as anyone else's.
    const membership = await tx.findOne(
      Membership,
      { user: { email }, kind: 'person' },
      { populate: ['user', 'organization'], fields: ['user.id', 'user.displayName', 'organization.id', 'organization.name'] },
    );
    const account = membership
      ? { userId: membership.user.id, name: membership.user.displayName, orgId: membership.organization.id, orgName: membership.organization.name }
      : null;
    const link = await issueLinkToken(tx, { kind: 'reset_password', userId: account?.userId ?? null, email, appOrigin });
    const from = meta.ip ? ` The request came from ${meta.ip}.` : '';
    queueMail(tx, {
      to: email,
      ...(account ? { userId: account.userId } : {}),
      ...composeMail(
        account
          ? {
              subject: 'Reset your password',
              orgName: account.orgName,
              name: account.name,
              paragraphs: [`Someone asked to reset the password of your Gatehouse account.${from}`],
              action: { label: 'Choose a new password', url: link.url, expiresAt: link.expiresAt },
              why: 'a password reset was asked for this address on the Gatehouse sign-in page.',
              ifNotYou: 'ignore this mail: your password stays as it is. If it keeps happening, tell your organisation’s owner.',
            }
          : {
              subject: 'Password reset requested',
              orgName: null,
              name: null,
              paragraphs: [
                `Someone asked to reset the password of a Gatehouse account for this address, but no account uses it.${from}`,
                'If you meant to sign in with a different address, ask for the reset with that one.',
              ],
              why: 'a password reset was asked for this address on the Gatehouse sign-in page.',
              ifNotYou: 'ignore this mail: nothing was changed, and no account was created.',
            },
      ),
    });
    recordAudit(tx, {
      action: 'user.password_reset_requested',
      orgId: account?.orgId ?? null,
      actorId: null,
      via: 'session',
      targetType: account ? 'user' : null,
      targetId: account?.userId ?? null,
      metadata: account ? null : { reason: 'unknown_email' },
      ...meta,
    });
    await tx.flush();
    return { ok: true as const };
  });
}

export type ResetOutcome =
  | { mfaRequired: false }
  | { mfaRequired: true; methods: SecondFactorMethod[]; /** For the browser's cookie only; never sent in the answer. */ pendingToken: string };

/**
 * Sets a new password through a reset link. An account with a second factor must present it
 * first (SPEC §8, §9): the link and the new password's hash then wait in a pending sign-in bound
 * to this browser, and take effect only through `auth.mfa.verify` (domain/mfa/pending-sign-in.ts).
 * Otherwise every session ends, the address counts as proven (the link came to it), and the
 * owner gets a security mail.
 */
export async function resetPassword(
  em: EntityManager,
  input: { token: string; passwordHash: () => Promise<string> },
  meta: RequestMeta,
): Promise<ResetOutcome> {
  const live = await findLiveLink(em, 'reset_password', input.token);
  // A dead link fails above, before Argon2 runs: bad tokens cost us no hashing.
  const passwordHash = await input.passwordHash();
  const factors = await secondFactorsOf(em, live.userId);
  if (factors.length > 0) {
    const pendingToken = await startPendingSignIn(em, live.userId, { purpose: 'reset_password', linkTokenId: live.id, newPasswordHash: passwordHash });
    return { mfaRequired: true, methods: methodsOf(factors), pendingToken };
  }
  return em.transactional(async (tx) => {
    await applyPasswordReset(tx, { linkId: live.id, passwordHash }, meta);
    return { mfaRequired: false as const };
  });
}

/**
 * Uses the link up and sets the password, in the caller's transaction: every session ends, the
 * address counts as proven, audited and mailed. The conditional update is the claim: of two uses
 * of one link, one wins; the other (like an expired link) is INVALID_TOKEN.
 */
export async function applyPasswordReset(
  tx: EntityManager,
  reset: { linkId: string; passwordHash: string; secondFactor?: string },
  meta: RequestMeta,
): Promise<void> {
  const claimed = await tx.nativeUpdate(LinkToken, { id: reset.linkId, usedAt: null, expiresAt: { $gt: new Date() } }, { usedAt: new Date() });
  if (claimed !== 1) throw errors.invalidToken();
  const link = await tx.findOneOrFail(LinkToken, { id: reset.linkId });
  const user = await tx.findOneOrFail(User, { id: link.user!.id });
  // The account moved to another address since: this link no longer reaches its owner.
  if (user.email !== link.email) throw errors.invalidToken();
  user.passwordHash = reset.passwordHash;
  user.emailVerifiedAt ??= new Date();
  const revoked = await tx.nativeDelete(Session, { user: user.id });
  recordAudit(tx, {
    action: 'user.password_reset',
    orgId: await orgIdOf(tx, user.id),
    actorId: user.id,
    via: 'session',
    targetType: 'user',
    targetId: user.id,
    metadata: { sessionsRevoked: revoked, ...(reset.secondFactor ? { secondFactor: reset.secondFactor } : {}) },
    ...meta,
  });
  await notify(tx, user.id, {
    category: 'security',
    type: 'user.password_reset',
    title: 'Your password was reset',
    body: `The password of your Gatehouse account was reset through a link mailed to ${user.email}${meta.ip ? `, from ${meta.ip}` : ''}. Every session was signed out; sign in with the new password.`,
  });
  await tx.flush();
}
