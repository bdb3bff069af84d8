import { User, type EntityManager } from '@gatehouse/db';
import { errors } from '../errors.js';
import { composeMail } from '../mail/layout.js';
import { orgIdOf } from './accounts.js';
import { recordAudit } from './audit.js';
import { consumeLinkToken, issueLinkToken } from './link-tokens.js';
import { orgNameOf, queueMail } from './notifications.js';
import type { RequestMeta } from './profile.js';

/**
 * Mails the user a link that proves their current address (SPEC §8). Joins the caller's unit of
 * work: the link and its mail exist only if the action that asked for them commits.
 */
export async function sendVerificationMail(em: EntityManager, userId: string, appOrigin: string): Promise<void> {
  const user = await em.findOneOrFail(User, { id: userId }, { fields: ['email', 'displayName'] });
  const link = await issueLinkToken(em, { kind: 'verify_email', userId, email: user.email, appOrigin });
  queueMail(em, {
    to: user.email,
    userId,
    ...composeMail({
      subject: 'Confirm your email address',
      orgName: await orgNameOf(em, userId),
      name: user.displayName,
      paragraphs: [
        `Confirm that ${user.email} is your address. Until you do, you can use your account, but you cannot create API keys or invite people, and you get only security mail.`,
      ],
      action: { label: 'Confirm your email address', url: link.url, expiresAt: link.expiresAt },
      why: 'this address was used to create a Gatehouse account, or a new confirmation link was asked for.',
      ifNotYou: 'ignore this mail. The address stays unconfirmed, and nobody can use it to reset a password they did not set.',
    }),
  });
}

/** Follows a verification link: the address it was minted for, if still the account's, is proven. */
export async function verifyEmail(em: EntityManager, token: string, meta: RequestMeta): Promise<{ email: string }> {
  return em.transactional(async (tx) => {
    const link = await consumeLinkToken(tx, 'verify_email', token);
    const user = await tx.findOneOrFail(User, { id: link.userId }, { fields: ['email', 'emailVerifiedAt'] });
    // The account's address changed after this link was mailed: it proves nothing about the new one.
    if (user.email !== link.email) throw errors.invalidToken();
    if (!user.emailVerifiedAt) {
      user.emailVerifiedAt = new Date();
      recordAudit(tx, {
        action: 'user.email_verified',
        orgId: await orgIdOf(tx, link.userId),
        actorId: link.userId,
        via: 'session',
        targetType: 'user',
        targetId: link.userId,
        ...meta,
      });
    }
    await tx.flush();
    return { email: user.email };
  });
}

/** A new link, unless the address is already proven (then nothing is mailed). */
export async function resendVerification(em: EntityManager, userId: string, appOrigin: string): Promise<{ sent: boolean }> {
  return em.transactional(async (tx) => {
    if (await isEmailVerified(tx, userId)) return { sent: false };
    await sendVerificationMail(tx, userId, appOrigin);
    await tx.flush();
    return { sent: true };
  });
}

export async function isEmailVerified(em: EntityManager, userId: string): Promise<boolean> {
  const user = await em.findOneOrFail(User, { id: userId }, { fields: ['emailVerifiedAt'] });
  return user.emailVerifiedAt != null;
}

/** Minting API keys and inviting people need a proven address (SPEC §8). */
export async function assertEmailVerified(em: EntityManager, userId: string): Promise<void> {
  if (!(await isEmailVerified(em, userId))) throw errors.emailUnverified();
}
