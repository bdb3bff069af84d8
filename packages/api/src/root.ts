import { agentsRouter } from './routers/agents/_router.js';
import { authRouter } from './routers/auth/_router.js';
import { meRouter } from './routers/me/_router.js';
import { orgAdminRouter } from './routers/orgAdmin/_router.js';
import { createCallerFactory, router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  orgAdmin: orgAdminRouter,
  agents: agentsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
