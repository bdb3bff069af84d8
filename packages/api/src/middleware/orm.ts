import { middleware } from '../trpc.js';

/** One EntityManager fork per procedure call: the identity map never leaks between requests. */
export const withEntityManager = middleware(({ ctx, next }) =>
  next({ ctx: { em: ctx.orm.em.fork() } }),
);
