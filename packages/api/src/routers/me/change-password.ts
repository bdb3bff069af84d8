import { hashPassword, isCommonPassword } from '../../auth/passwords.js';
import { reissueSessionToken, sessionCookie } from '../../auth/sessions.js';
import { User } from '@gatehouse/db';
import { recordAudit } from '../../domain/audit.js';
import { notify } from '../../domain/notifications.js';
import { revokeOtherSessions } from '../../domain/sessions.js';
import { sessionProcedure } from '../../procedures.js';
import { changePasswordInput } from '../../schemas/me.js';
import { confirmPassword } from './confirm-password.js';

const input = changePasswordInput.refine((v) => !isCommonPassword(v.newPassword), {
  path: ['newPassword'],
  message: 'This password is too common; choose one that is harder to guess',
});

/**
 * The current password is the step-up here. Every other session ends (whoever else was signed
 * in is out), and this one continues under a new token.
 */
export const changePassword = sessionProcedure.input(input).mutation(async ({ ctx, input }) => {
  const { principal } = ctx;
  const meta = { ip: ctx.request.ip, userAgent: ctx.request.userAgent };
  await confirmPassword(ctx, input.currentPassword);

  const passwordHash = await hashPassword(input.newPassword);
  // One transaction, the new token included: a client never gets an error for a change that stuck.
  const { token } = await ctx.em.transactional(async (tx) => {
    await tx.nativeUpdate(User, { id: principal.userId }, { passwordHash, updatedAt: new Date() });
    await revokeOtherSessions(tx, principal.userId, principal.sessionId);
    recordAudit(tx, {
      action: 'user.password_changed',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'user',
      targetId: principal.userId,
      ...meta,
    });
    await notify(tx, principal.userId, {
      category: 'security',
      type: 'user.password_changed',
      title: 'Your password was changed',
      body: `The password of your Gatehouse account was changed${meta.ip ? ` from ${meta.ip}` : ''}. All other sessions were signed out. If this wasn't you, reset your password and contact your organisation's owner.`,
    });
    await tx.flush();
    return reissueSessionToken(tx, ctx.config, principal.sessionId, {
      userId: principal.userId,
      sudoUntil: principal.sudoUntil,
      ...meta,
    });
  });
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { ok: true as const };
});
