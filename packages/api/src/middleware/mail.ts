import { middleware } from '../trpc.js';

/**
 * Mail goes out only once a mutation has succeeded (its transaction committed), and a mail
 * failure never turns a successful action into an error: the mailer keeps it for a retry.
 * Queries never queue mail, so they never pay for a look at the outbox.
 */
export const deliverMailAfterCommit = middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (result.ok && type === 'mutation') await ctx.mailer.deliverPending();
  return result;
});
