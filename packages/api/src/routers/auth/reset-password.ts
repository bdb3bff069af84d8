import { pendingCookie } from '../../auth/mfa-pending-cookie.js';
import { hashPassword, isCommonPassword } from '../../auth/passwords.js';
import { resetPassword as setPasswordByLink } from '../../domain/password-reset.js';
import { interactiveProcedure } from '../../procedures.js';
import { resetPasswordInput } from '../../schemas/auth.js';

// The common-password list is server-only (too big to ship to browsers).
const input = resetPasswordInput.refine((v) => !isCommonPassword(v.newPassword), {
  path: ['newPassword'],
  message: 'This password is too common; choose one that is harder to guess',
});

/**
 * Signs nobody in: every session ends, and the owner signs in with the new password. An account
 * with MFA answers `{mfaRequired: true, methods}` first (SPEC §8).
 */
export const resetPassword = interactiveProcedure.input(input).mutation(async ({ ctx, input }) => {
  const outcome = await setPasswordByLink(ctx.em, { token: input.token, passwordHash: () => hashPassword(input.newPassword) }, ctx.meta);
  if (!outcome.mfaRequired) return outcome;
  // The reset waits for a second factor from this browser: `auth.mfa.verify` finishes it.
  ctx.responseCookies.push(pendingCookie(ctx.config, outcome.pendingToken));
  return { mfaRequired: true as const, methods: outcome.methods };
});
