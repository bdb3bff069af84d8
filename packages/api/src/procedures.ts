import type { SessionPrincipal } from './domain/principal.js';
import { permissionsOf, roleGrants, type Permission } from './domain/permissions.js';
import { errors } from './errors.js';
import { requireSameOrigin } from './middleware/origin.js';
import { requirePrincipal } from './middleware/principal.js';
import { unitOfWork } from './middleware/unit-of-work.js';
import { baseProcedure } from './trpc.js';

/** Anyone. Origin-checked for mutations; gets a request-scoped EntityManager. */
export const publicProcedure = baseProcedure.use(unitOfWork).use(requireSameOrigin);

/**
 * Public procedures only a person at a browser may call (auth.*): an API key can never sign
 * up, in or out.
 */
export const interactiveProcedure = baseProcedure
  .use(unitOfWork)
  .use(({ ctx, next }) => {
    if (ctx.request.authorization !== null) throw errors.sessionRequired();
    return next();
  })
  .use(requireSameOrigin);

/** A signed-in principal (session or API key). After it, `ctx.principal` is non-null. */
export const authedProcedure = publicProcedure.use(requirePrincipal);

/**
 * A principal holding `permission` through its role (and, for an API key, its scopes too).
 * A key whose owner's role has the permission but whose scopes lack it is INSUFFICIENT_SCOPE;
 * otherwise the role is what falls short.
 */
export function permissionProcedure(permission: Permission) {
  return authedProcedure.use(({ ctx, next }) => {
    const { role, scopes } = ctx.principal;
    if (!permissionsOf(role, scopes).includes(permission)) {
      if (!roleGrants(role, permission)) throw errors.insufficientRole();
      throw errors.insufficientScope(permission);
    }
    return next();
  });
}

/** Org admin, read side: admins and owners (and keys with org:read). Scoped to ctx.principal.orgId. */
export const orgReadProcedure = permissionProcedure('org:read');

/** Org admin, write side: owners only (and their keys with org:write). */
export const orgWriteProcedure = permissionProcedure('org:write');

/** Interactive sessions only: API keys can never manage credentials, sessions or the account. */
export const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  const { principal } = ctx;
  if (principal.via !== 'session' || !principal.sessionId) throw errors.sessionRequired();
  return next({ ctx: { principal: principal as SessionPrincipal } });
});

/**
 * Step-up: the session's sudo window, read from the database with this very request, must be
 * open. The window is fixed at entry and never extended by use.
 */
export const sudoProcedure = sessionProcedure.use(({ ctx, next }) => {
  const until = ctx.principal.sudoUntil;
  if (!until || until.getTime() <= Date.now()) throw errors.sudoRequired();
  return next({ ctx: { sudoUntil: until } });
});
