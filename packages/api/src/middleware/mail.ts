import { middleware } from '../trpc.js';

/**
 * Mail goes out only once the procedure has succeeded (its transaction committed), and a mail
 * failure never turns a successful action into an error: the mailer keeps it for a retry.
 */
export const deliverMailAfterCommit = middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) await ctx.mailer.deliverPending();
  return result;
});
