import { blankSessionCookie, sessionCookie, validateSessionToken } from '../auth/sessions.js';
import { assertNotSuspended } from '../domain/account-status.js';
import { authenticateApiKey } from '../domain/authenticate-api-key.js';
import { allowedBeforeEnrolment, mustEnrolMfa } from '../domain/mfa/org-policy.js';
import type { Principal, SessionPrincipal } from '../domain/principal.js';
import type { Context } from '../context.js';
import { errors } from '../errors.js';
import { middleware } from '../trpc.js';

/**
 * Turns the request's credential into a principal, reading session and role from the database
 * on every call, so a revoked session or a changed role is felt on the very next request.
 * API keys (`Authorization: Bearer`) resolve here too. No principal: UNAUTHORIZED.
 * "Every call" means every HTTP request: the calls of one batch share the lookup.
 */
export const requirePrincipal = middleware(async ({ ctx, next, path }) => {
  // The calls of one HTTP request (a batch of up to 10) share one lookup: one principal, one
  // session read, at most one refreshed cookie, whatever the batch holds.
  const shared = ctx.requestPrincipal;
  const principal = await (shared ? (shared.lookup ??= resolvePrincipal(ctx)) : resolvePrincipal(ctx));
  if (!principal) throw errors.signInRequired();
  ctx.identity.principal = principal;
  // SPEC §9, in this one place: in an organisation that requires MFA, a person without it may
  // only enrol (sessions), and none of their keys works until they have.
  if (principal.mfaEnrollmentRequired && (principal.via !== 'session' || !allowedBeforeEnrolment(path))) {
    throw errors.mfaEnrollmentRequired();
  }
  return next({ ctx: { principal } });
});

async function resolvePrincipal(ctx: Context): Promise<Principal | null> {
  const principal = await resolveCredential(ctx);
  if (!principal) return null;
  return (await mustEnrolMfa(ctx.em, principal)) ? { ...principal, mfaEnrollmentRequired: true } : principal;
}

async function resolveCredential(ctx: Context): Promise<Principal | null> {
  if (ctx.request.authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.request.authorization);
    if (!match) throw errors.invalidApiKey();
    return authenticateApiKey(ctx.em, match[1]!);
  }
  if (!ctx.sessionToken) return null;
  const session = await validateSessionToken(ctx.em, ctx.config, ctx.sessionToken);
  // The role comes with the session, read in the same statement on every request.
  const membership = session?.membership ?? null;
  if (!session || !membership) {
    // A dead cookie is cleared so the browser stops sending it.
    ctx.responseCookies.push(blankSessionCookie(ctx.config));
    return null;
  }
  assertNotSuspended(membership);
  if (session.refreshCookie) ctx.responseCookies.push(sessionCookie(ctx.config, session.token));
  return {
    userId: session.userId,
    orgId: membership.orgId,
    role: membership.role,
    via: 'session',
    sessionId: session.id,
    sudoUntil: session.sudoUntil,
    orgRequiresMfa: membership.orgRequiresMfa,
  } satisfies SessionPrincipal;
}
