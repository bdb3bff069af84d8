import { hashPassword, isCommonPassword } from '../../auth/passwords.js';
import { sessionCookie } from '../../auth/sessions.js';
import { acceptInvitation as createInvitedAccount, previewInvitation } from '../../domain/invitations.js';
import { interactiveProcedure } from '../../procedures.js';
import { acceptInvitationInput } from '../../schemas/org-admin.js';

// The common-password list is server-only (too big to ship to browsers).
const input = acceptInvitationInput.refine((v) => !isCommonPassword(v.password), {
  path: ['password'],
  message: 'This password is too common; choose one that is harder to guess',
});

/** Creates the invitee's account in the organisation and signs them in, as sign-up does. */
export const acceptInvitation = interactiveProcedure.input(input).mutation(async ({ ctx, input }) => {
  await ctx.rateLimits.consume('signUp', ctx.request.ip ?? 'unknown');
  // A dead link fails before Argon2 runs, so bad tokens cost us no hashing.
  await previewInvitation(ctx.em, input.token);
  const meta = { ip: ctx.request.ip, userAgent: ctx.request.userAgent };
  const { userId, token } = await createInvitedAccount(
    ctx.em,
    { token: input.token, displayName: input.displayName, passwordHash: await hashPassword(input.password) },
    meta,
    // A fresh authentication: it opens the sudo window like a sign-in does.
    { config: ctx.config, sudoUntil: new Date(Date.now() + ctx.config.sudoWindowSeconds * 1000) },
  );
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { userId };
});
