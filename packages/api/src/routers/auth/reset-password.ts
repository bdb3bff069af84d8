import { hashPassword, isCommonPassword } from '../../auth/passwords.js';
import { resetPassword as setPasswordByLink } from '../../domain/password-reset.js';
import { interactiveProcedure } from '../../procedures.js';
import { resetPasswordInput } from '../../schemas/auth.js';

// The common-password list is server-only (too big to ship to browsers).
const input = resetPasswordInput.refine((v) => !isCommonPassword(v.newPassword), {
  path: ['newPassword'],
  message: 'This password is too common; choose one that is harder to guess',
});

/** Signs nobody in: every session ends, and the owner signs in with the new password. */
export const resetPassword = interactiveProcedure.input(input).mutation(({ ctx, input }) =>
  setPasswordByLink(
    ctx.em,
    { token: input.token, passwordHash: () => hashPassword(input.newPassword) },
    { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
  ),
);
