import { assertEmailVerified } from './domain/email-verification.js';
import type { Principal, SessionPrincipal } from './domain/principal.js';
import { loadAccess, roleHoldsAnywhere, roleHoldsOrgWide, roleScopes } from './domain/effective-permissions.js';
import { BASELINE_SCOPES, PERMISSION_SCOPE, type OrgPermission, type Scope } from './domain/permissions.js';
import { errors } from './errors.js';
import { requireSameOrigin } from './middleware/origin.js';
import { requirePrincipal } from './middleware/principal.js';
import { unitOfWork } from './middleware/unit-of-work.js';
import { baseProcedure, middleware } from './trpc.js';

/** Anyone. Origin-checked for mutations; gets a request-scoped EntityManager. */
export const publicProcedure = baseProcedure.meta({ caller: 'anyone' }).use(unitOfWork).use(requireSameOrigin);

/**
 * Public procedures only a person at a browser may call (auth.*): an API key can never sign
 * up, in or out.
 */
export const interactiveProcedure = baseProcedure
  .meta({ caller: 'browser' })
  .use(unitOfWork)
  .use(({ ctx, next }) => {
    if (ctx.request.authorization !== null) throw errors.sessionRequired();
    return next();
  })
  .use(requireSameOrigin);

/** A signed-in principal (session or API key). After it, `ctx.principal` is non-null. */
export const authedProcedure = publicProcedure.meta({ caller: 'principal' }).use(requirePrincipal);

/**
 * Refuses a call the principal's role does not allow (INSUFFICIENT_ROLE) or, when the role
 * would, its key's scopes do not (INSUFFICIENT_SCOPE). Every permission check ends here.
 */
function assertGranted(roleAllows: boolean, scopeAllows: boolean, scope: Scope): void {
  if (!roleAllows) throw errors.insufficientRole();
  if (!scopeAllows) throw errors.insufficientScope(scope);
}

/**
 * A principal holding the coarse right `scope` (SPEC §3) through its role and, for an API key,
 * its scopes too. Self-service rights need no role, so those checks never touch the database.
 */
export function permissionProcedure(scope: Scope) {
  return authedProcedure.meta({ scope }).use(async ({ ctx, next }) => {
    const { scopes } = ctx.principal;
    const roleAllows = BASELINE_SCOPES.includes(scope) || roleScopes(await loadAccess(ctx.em, ctx.principal)).includes(scope);
    assertGranted(roleAllows, !scopes || scopes.includes(scope), scope);
    return next();
  });
}

/** The org-permission check itself, for whichever base builder needs it (see below). */
function requireOrgPermission(permission: OrgPermission, reach: 'org' | 'team') {
  return middleware(async ({ ctx, next }) => {
    const principal = (ctx as typeof ctx & { principal: Principal }).principal;
    const access = await loadAccess(ctx.em, principal);
    const scope = PERMISSION_SCOPE[permission];
    const held = reach === 'org' ? roleHoldsOrgWide(access, permission) : roleHoldsAnywhere(access, permission);
    assertGranted(held, !principal.scopes || principal.scopes.includes(scope), scope);
    return next({ ctx: { access } });
  });
}

/**
 * A principal holding the org permission `permission` (SPEC §12), read afresh for this call;
 * `ctx.access` then carries everything it holds. `reach: 'team'` also admits holders of a
 * team-scoped role with it: the domain function then checks the team concerned (requireInTeam).
 */
export function orgPermissionProcedure(permission: OrgPermission, reach: 'org' | 'team' = 'org') {
  return authedProcedure.meta({ permission, reach, scope: PERMISSION_SCOPE[permission] }).use(requireOrgPermission(permission, reach));
}

/** Interactive sessions only: API keys can never manage credentials, sessions or the account. */
export const sessionProcedure = authedProcedure.meta({ caller: 'session' }).use(({ ctx, next }) => {
  const { principal } = ctx;
  if (principal.via !== 'session' || !principal.sessionId) throw errors.sessionRequired();
  return next({ ctx: { principal: principal as SessionPrincipal } });
});

/**
 * Step-up: the session's sudo window, read from the database with this very request, must be
 * open. The window is fixed at entry and never extended by use.
 */
const requireSudoWindow = middleware(({ ctx, next }) => {
  const until = (ctx as typeof ctx & { principal: SessionPrincipal }).principal.sudoUntil;
  if (!until || until.getTime() <= Date.now()) throw errors.sudoRequired();
  return next({ ctx: { sudoUntil: until } });
});

export const sudoProcedure = sessionProcedure.meta({ sudo: true }).use(requireSudoWindow);

/**
 * Minting or ending credentials that belong to the organisation (service-account keys, SCIM
 * tokens): an interactive session, the org permission, and an open sudo window, in that order.
 */
export function orgSudoProcedure(permission: OrgPermission) {
  return sessionProcedure
    .meta({ permission, reach: 'org', scope: PERMISSION_SCOPE[permission], sudo: true })
    .use(requireOrgPermission(permission, 'org'))
    .use(requireSudoWindow);
}

/**
 * Minting API keys and inviting people need the caller's address proven (SPEC §8): an account
 * registered with someone else's address must not act in their name. A service account has no
 * mailbox of its own, and is trusted as its organisation is.
 */
export const requireVerifiedEmail = middleware(async ({ ctx, next }) => {
  const principal = (ctx as typeof ctx & { principal: Principal }).principal;
  if (principal.via !== 'serviceAccount') await assertEmailVerified(ctx.em, principal.userId);
  return next();
});
