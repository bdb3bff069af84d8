import { Session, UniqueConstraintViolationException, User, type EntityManager } from '@gatehouse/db';
import { errors } from '../errors.js';
import { composeMail } from '../mail/layout.js';
import { orgIdOf } from './accounts.js';
import { recordAudit } from './audit.js';
import { consumeLinkToken, endLinks, issueLinkToken } from './link-tokens.js';
import { notify, orgNameOf, queueMail } from './notifications.js';
import type { SessionPrincipal } from './principal.js';
import type { RequestMeta } from './profile.js';

/**
 * Starts a change of address (SPEC §8): a confirmation link to the new address, and a notice to
 * the old one carrying a "this wasn't me" link. Whether the new address already has an account is
 * not looked at here: that would tell anyone with a session which addresses are registered.
 */
export async function requestEmailChange(
  em: EntityManager,
  principal: SessionPrincipal,
  newEmail: string,
  appOrigin: string,
  meta: RequestMeta,
): Promise<{ pendingEmail: string }> {
  return em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { id: principal.userId }, { fields: ['email', 'displayName'] });
    if (user.email === newEmail) throw errors.validation('That is already your email address');
    const confirm = await issueLinkToken(tx, { kind: 'change_email', userId: user.id, email: newEmail, appOrigin });
    const cancel = await issueLinkToken(tx, { kind: 'cancel_email_change', userId: user.id, email: user.email, appOrigin });
    const orgName = await orgNameOf(tx, user.id);
    queueMail(tx, {
      to: newEmail,
      userId: user.id,
      ...composeMail({
        subject: 'Confirm your new email address',
        orgName,
        name: user.displayName,
        paragraphs: [`Confirm that ${newEmail} is the new address of your Gatehouse account. Until you do, your account keeps ${user.email}.`],
        action: { label: 'Confirm your new address', url: confirm.url, expiresAt: confirm.expiresAt },
        why: `someone signed in to the Gatehouse account of ${user.email} asked to move it to this address.`,
        ifNotYou: 'ignore this mail: nothing changes unless the link is opened.',
      }),
    });
    queueMail(tx, {
      to: user.email,
      userId: user.id,
      ...composeMail({
        subject: 'Your email address is being changed',
        orgName,
        name: user.displayName,
        paragraphs: [
          `Someone signed in to your Gatehouse account asked to change its email address from ${user.email} to ${newEmail}${meta.ip ? `, from ${meta.ip}` : ''}. The change happens once the new address is confirmed.`,
        ],
        action: { label: "This wasn't me: cancel the change and reset my password", url: cancel.url, expiresAt: cancel.expiresAt },
        why: 'this is security mail about your account, which is always sent.',
        ifNotYou:
          'open the link above. It cancels the change (or undoes it, if it was already confirmed), signs everyone out, and takes you to choose a new password.',
      }),
    });
    recordAudit(tx, {
      action: 'user.email_change_requested',
      orgId: principal.orgId,
      actorId: user.id,
      via: 'session',
      targetType: 'user',
      targetId: user.id,
      ...meta,
    });
    await tx.flush();
    return { pendingEmail: newEmail };
  });
}

/** The confirmation link, opened: the account moves to the new address, which is thereby proven. */
export async function confirmEmailChange(em: EntityManager, token: string, meta: RequestMeta): Promise<{ email: string }> {
  try {
    return await em.transactional(async (tx) => {
      const link = await consumeLinkToken(tx, 'change_email', token);
      // Only now is it said whether the address is taken, and only to whoever holds its mailbox.
      if (await tx.count(User, { email: link.email, id: { $ne: link.userId } })) throw errors.emailTaken();
      const user = await tx.findOneOrFail(User, { id: link.userId });
      user.email = link.email;
      user.emailVerifiedAt = new Date();
      recordAudit(tx, {
        action: 'user.email_changed',
        orgId: await orgIdOf(tx, user.id),
        actorId: user.id,
        via: 'session',
        targetType: 'user',
        targetId: user.id,
        ...meta,
      });
      await tx.flush();
      await notify(tx, user.id, {
        category: 'security',
        type: 'user.email_changed',
        title: 'Your email address was changed',
        body: `Your Gatehouse account now uses ${user.email}. Sign in with this address from now on.`,
      });
      await tx.flush();
      return { email: user.email };
    });
  } catch (error) {
    // Someone took the address between the check and the write: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) throw errors.emailTaken();
    throw error;
  }
}

/**
 * "This wasn't me", from the notice mailed to the old address: the pending change is cancelled
 * (or, if it was already confirmed, the account goes back to the old address, unless someone else
 * has taken it since), every session ends, and a reset link is minted for the one who proved they
 * hold the old mailbox, so the page can take them straight to choosing a new password.
 */
export async function cancelEmailChange(
  em: EntityManager,
  token: string,
  appOrigin: string,
  meta: RequestMeta,
): Promise<{ resetToken: string }> {
  return em.transactional(async (tx) => {
    const link = await consumeLinkToken(tx, 'cancel_email_change', token);
    await endLinks(tx, link.userId, ['change_email', 'reset_password']);
    const user = await tx.findOneOrFail(User, { id: link.userId });
    const restored = user.email !== link.email && !(await tx.count(User, { email: link.email }));
    if (restored) user.email = link.email;
    if (user.email === link.email) user.emailVerifiedAt = new Date();
    const revoked = await tx.nativeDelete(Session, { user: user.id });
    recordAudit(tx, {
      action: 'user.email_change_cancelled',
      orgId: await orgIdOf(tx, user.id),
      actorId: user.id,
      via: 'session',
      targetType: 'user',
      targetId: user.id,
      metadata: { restored, sessionsRevoked: revoked },
      ...meta,
    });
    await tx.flush();
    const reset = await issueLinkToken(tx, { kind: 'reset_password', userId: user.id, email: user.email, appOrigin });
    await tx.flush();
    return { resetToken: reset.token };
  });
}
