import { sessionCookie } from '../../auth/sessions.js';
import { hashPassword, isCommonPassword } from '../../auth/passwords.js';
import { registerAccount } from '../../domain/accounts.js';
import { interactiveProcedure } from '../../procedures.js';
import { signUpInput } from '../../schemas/auth.js';

// The common-password list is server-only (too big to ship to browsers).
const input = signUpInput.refine((v) => !isCommonPassword(v.password), {
  path: ['password'],
  message: 'This password is too common; choose one that is harder to guess',
});

export const signUp = interactiveProcedure.input(input).mutation(async ({ ctx, input }) => {
  await ctx.rateLimits.consume('signUp', ctx.request.ip ?? 'unknown');
  const { user, token } = await registerAccount(ctx.em, {
    email: input.email,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    orgName: input.orgName,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
    appOrigin: ctx.config.appOrigin,
    // Signing up is a fresh authentication: it opens the sudo window like a sign-in does.
    session: { config: ctx.config, sudoUntil: new Date(Date.now() + ctx.config.sudoWindowSeconds * 1000) },
  });
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { userId: user.id };
});
