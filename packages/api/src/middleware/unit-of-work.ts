import { middleware } from '../trpc.js';

/**
 * Each procedure call is one unit of work: its own EntityManager fork, so the identity map never
 * leaks between calls; and once a mutation has succeeded (its transaction committed), the mail it
 * queued goes out. A mail failure never turns a successful action into an error: the mailer keeps
 * the mail for a retry. Queries never queue mail, so they never pay for a look at the outbox.
 *
 * One middleware rather than two: tRPC copies a call's options and context at every middleware,
 * and on the hottest calls each layer was measurable (bench/README.md).
 */
export const unitOfWork = middleware(async ({ ctx, type, next }) => {
  const result = await next({ ctx: { em: ctx.orm.em.fork() } });
  if (result.ok && type === 'mutation') await ctx.mailer.deliverPending();
  return result;
});
