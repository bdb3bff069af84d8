import { burnPasswordVerification, verifyPassword } from '../../auth/passwords.js';
import { pendingCookie } from '../../auth/mfa-pending-cookie.js';
import { sessionCookie } from '../../auth/sessions.js';
import { findCredentials } from '../../domain/accounts.js';
import { recordAudit } from '../../domain/audit.js';
import { startPendingSignIn } from '../../domain/mfa/pending-sign-in.js';
import { openSignInSession } from '../../domain/open-session.js';
import { methodsOf, secondFactorsOf } from '../../domain/second-factors.js';
import { errors } from '../../errors.js';
import { interactiveProcedure } from '../../procedures.js';
import { signInInput } from '../../schemas/auth.js';

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
  // The right password is only half of it for an account with a second factor (SPEC §9): no
  // session yet, only a pending sign-in bound to this browser, for five minutes.
  const factors = await secondFactorsOf(ctx.em, credentials.userId);
  if (factors.length > 0) {
    const pendingToken = await startPendingSignIn(ctx.em, credentials.userId, { purpose: 'sign_in' });
    ctx.responseCookies.push(pendingCookie(ctx.config, pendingToken));
    return { mfaRequired: true as const, methods: methodsOf(factors) };
  }
  const { token } = await ctx.em.transactional((tx) =>
    openSignInSession(tx, ctx.config, { userId: credentials.userId, orgId: credentials.orgId, replacing: ctx.sessionToken }, meta),
  );
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { mfaRequired: false as const, userId: credentials.userId };
});
