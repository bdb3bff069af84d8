import { blankPasskeyCookie, newPasskeyNonce, passkeyCookie, readPasskeyCookie } from '../../auth/passkey-cookie.js';
import { sessionCookie } from '../../auth/sessions.js';
import { beginPasskeySignIn, signInWithPasskey } from '../../domain/passkey-sign-in.js';
import { interactiveProcedure } from '../../procedures.js';
import { passkeySignInInput } from '../../schemas/passkeys.js';
import { router } from '../../trpc.js';

/** Starts a passwordless sign-in; the challenge is bound to this browser by a short-lived cookie. */
const options = interactiveProcedure.mutation(async ({ ctx }) => {
  const nonce = readPasskeyCookie(ctx.config, ctx.request.cookieHeader) ?? newPasskeyNonce();
  const publicKey = await beginPasskeySignIn(ctx.em, ctx.config, nonce);
  ctx.responseCookies.push(passkeyCookie(ctx.config, nonce));
  return publicKey;
});

const signIn = interactiveProcedure.input(passkeySignInInput).mutation(async ({ ctx, input }) => {
  const browserNonce = readPasskeyCookie(ctx.config, ctx.request.cookieHeader);
  // Whatever the outcome, the challenge is spent: the cookie goes with it.
  ctx.responseCookies.push(blankPasskeyCookie(ctx.config));
  const { userId, token } = await signInWithPasskey(
    ctx.em,
    { config: ctx.config, rateLimits: ctx.rateLimits },
    { browserNonce, response: input.response, currentSessionToken: ctx.sessionToken },
    { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
  );
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { userId };
});

/** Passwordless sign-in with a passkey (SPEC §9). */
export const passkeyRouter = router({ options, signIn });
