import { burnPasswordVerification, verifyPassword } from '../../auth/passwords.js';
import { createSession, invalidateSessionToken, sessionCookie } from '../../auth/sessions.js';
import { findCredentials } from '../../domain/accounts.js';
import { recordAudit } from '../../domain/audit.js';
import { notify } from '../../domain/notifications.js';
import { errors } from '../../errors.js';
import { interactiveProcedure } from '../../procedures.js';
import { signInInput } from '../../schemas/auth.js';
import { deviceName } from '../../schemas/device-name.js';

export const signIn = interactiveProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
  const ip = ctx.request.ip ?? 'unknown';
  const limitKey = [input.email, ip];
  // Both taken before the password is checked and given back on success, so concurrent guesses
  // cannot slip past a limit while it still counts only failures. Per email+IP stops guessing one
  // password; per IP stops one address trying a password against every email (spraying).
  await ctx.rateLimits.consume('signInIp', ip);
  try {
    await ctx.rateLimits.consume('signIn', limitKey);
  } catch (refused) {
    // Refused before any verification: not a guess, so it does not count against the IP.
    await ctx.rateLimits.refund('signInIp', ip);
    throw refused;
  }

  const credentials = await findCredentials(ctx.em, input.email);
  // An account that never set a password (provisioned over SCIM) pays the same verification.
  const valid = credentials?.passwordHash
    ? await verifyPassword(credentials.passwordHash, input.password)
    : await burnPasswordVerification(input.password);

  const meta = { ip: ctx.request.ip, userAgent: ctx.request.userAgent };
  if (!credentials || !valid) {
    recordAudit(ctx.em, {
      action: 'user.sign_in_failed',
      orgId: credentials?.orgId ?? null,
      actorId: null,
      via: 'session',
      targetType: credentials ? 'user' : null,
      targetId: credentials?.userId ?? null,
      metadata: credentials ? null : { reason: 'unknown_email' },
      ...meta,
    });
    await ctx.em.flush();
    throw errors.invalidCredentials();
  }

  if (credentials.suspended) {
    // Only after the right password: a guess learns nothing about suspension.
    recordAudit(ctx.em, {
      action: 'user.sign_in_refused',
      orgId: credentials.orgId,
      actorId: credentials.userId,
      via: 'session',
      targetType: 'user',
      targetId: credentials.userId,
      metadata: { reason: 'suspended' },
      ...meta,
    });
    await ctx.em.flush();
    throw errors.accountSuspended();
  }
  await ctx.rateLimits.refund('signIn', limitKey);
  await ctx.rateLimits.refund('signInIp', ip);
  // One transaction: a session never exists without its sign-in audit row and notification.
  const token = await ctx.em.transactional(async (tx) => {
    // No fixation: whatever session this browser had is ended, and a brand-new token issued.
    if (ctx.sessionToken) await invalidateSessionToken(tx, ctx.config, ctx.sessionToken);
    const session = await createSession(tx, ctx.config, {
      userId: credentials.userId,
      sudoUntil: new Date(Date.now() + ctx.config.sudoWindowSeconds * 1000),
      ...meta,
    });
    recordAudit(tx, {
      action: 'user.signed_in',
      orgId: credentials.orgId,
      actorId: credentials.userId,
      via: 'session',
      targetType: 'session',
      targetId: session.id,
      ...meta,
    });
    await notify(tx, credentials.userId, {
      category: 'security',
      type: 'user.signed_in',
      title: 'New sign-in to your account',
      body: `Someone signed in to your Gatehouse account${meta.ip ? ` from ${meta.ip}` : ''}${meta.userAgent ? ` using ${deviceName(meta.userAgent)}` : ''}. If this wasn't you, change your password now.`,
    });
    await tx.flush();
    return session.token;
  });
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { userId: credentials.userId };
});
