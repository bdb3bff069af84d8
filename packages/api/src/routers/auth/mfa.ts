import { blankPendingCookie, readPendingCookie } from '../../auth/mfa-pending-cookie.js';
import { sessionCookie } from '../../auth/sessions.js';
import { beginPendingPasskey, verifyPendingPasskey } from '../../domain/mfa/passkey-second-factor.js';
import { verifyPendingSignIn } from '../../domain/mfa/verify-sign-in.js';
import { interactiveProcedure } from '../../procedures.js';
import { mfaVerifyInput } from '../../schemas/mfa.js';
import { router } from '../../trpc.js';

/**
 * The second step of a sign-in or password reset that answered `{mfaRequired: true}`, from the
 * same browser (its pending cookie). A sign-in gets its session (and sudo window); a reset takes
 * effect and signs nobody in.
 */
const verify = interactiveProcedure.input(mfaVerifyInput).mutation(async ({ ctx, input }) => {
  const step = { pendingToken: readPendingCookie(ctx.config, ctx.request.cookieHeader), currentSessionToken: ctx.sessionToken };
  const completed =
    'passkeyResponse' in input
      ? await verifyPendingPasskey(ctx.em, ctx, { ...step, response: input.passkeyResponse }, ctx.meta)
      : await verifyPendingSignIn(ctx.em, ctx, { ...step, proof: input }, ctx.meta);
  ctx.responseCookies.push(blankPendingCookie(ctx.config));
  if (completed.purpose === 'sign_in') ctx.responseCookies.push(sessionCookie(ctx.config, completed.sessionToken));
  return { userId: completed.userId, completed: completed.purpose };
});

/** The challenge for `verify {passkeyResponse}`: the pending account's passkeys only, bound to this browser's step. */
const passkeyOptions = interactiveProcedure.mutation(({ ctx }) =>
  beginPendingPasskey(ctx.em, ctx.config, readPendingCookie(ctx.config, ctx.request.cookieHeader)),
);

export const mfaRouter = router({ verify, passkeyOptions });
