import { isDatabaseAway, isDatabaseReachable } from '@gatehouse/db';
import type { TRPCError } from '@trpc/server';
import type { Context } from '../context.js';
import { recordDenial, type Denial } from '../domain/record-denial.js';
import { errors, reasonOf } from '../errors.js';
import { middleware } from '../trpc.js';

/**
 * Each procedure call is one unit of work: its own EntityManager fork, so the identity map never
 * leaks between calls. Mail and other background work a mutation queues is committed with it and
 * done by the job runner (jobs/runner.ts): no call ever waits on an SMTP server.
 *
 * A call refused with 403 or 429 leaves a security event in the audit log.
 *
 * One middleware rather than several: tRPC copies a call's options and context at every middleware,
 * and on the hottest calls each layer was measurable (bench/README.md).
 */
export const unitOfWork = middleware(async ({ ctx, path, next }) => {
  const identity: Context['identity'] = { principal: null };
  const result = await next({ ctx: { em: ctx.orm.em.fork(), identity } });
  if (!result.ok) {
    // The database away (down, restarting, out of connections) is not our bug: 503, retry later.
    // Anything it was writing rolled back with its transaction.
    if (await isDatabaseAway(result.error.cause, () => isDatabaseReachable(ctx.orm))) throw errors.serviceUnavailable(result.error.cause);
    const kind = denialKind(result.error);
    if (kind) await recordDenial(ctx.orm, ctx.rateLimits, denialOf(ctx, identity, kind, result.error, path));
  }
  return result;
});

/**
 * Refusals worth a security event: every 403 (a role, a key's scopes, a foreign origin, a key
 * where a session is needed, a suspension, …) and every 429. The refused call's own transaction
 * is over by now; the denial is recorded on its own (domain/record-denial.ts).
 */
function denialKind(error: TRPCError): Denial['kind'] | null {
  if (error.code === 'FORBIDDEN') return 'forbidden';
  if (error.code === 'TOO_MANY_REQUESTS') return 'rateLimited';
  return null;
}

function denialOf(ctx: Context, identity: Context['identity'], kind: Denial['kind'], error: TRPCError, path: string): Denial {
  const { principal } = identity;
  return {
    kind,
    reason: reasonOf(error) ?? error.code,
    actor: principal ? { id: principal.userId, orgId: principal.orgId, via: principal.via } : null,
    operation: path,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  };
}
