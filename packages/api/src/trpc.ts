import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context } from './context.js';
import { ReasonCause, type Reason } from './errors.js';
import type { ProcedureMeta } from './procedure-meta.js';

export interface ErrorDataExtras {
  reason: Reason | null;
  issues?: { path: (string | number)[]; message: string; code: string }[];
  retryAfterSeconds?: number;
}

/** What `error.data` carries beyond tRPC's defaults: the SPEC reason and its details. */
export function extrasOf(cause: unknown): ErrorDataExtras {
  if (cause instanceof ReasonCause) {
    return { reason: cause.reason, ...cause.extra };
  }
  if (cause instanceof ZodError) {
    return {
      reason: 'VALIDATION',
      issues: cause.issues.map((i) => ({
        path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
        message: i.message,
        code: i.code,
      })),
    };
  }
  return { reason: null };
}

/** The only initTRPC in the codebase. */
const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  // Never ship stack traces, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      code: shape.code,
      // An unexpected error's message may quote SQL or a driver: replace it with a generic one.
      message: internal ? 'Internal server error' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...extrasOf(error.cause),
      },
    };
  },
});

export const router = t.router;
export const middleware = t.middleware;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
/** Raw builder for procedures.ts only: routers use the named builders exported there. */
export const baseProcedure = t.procedure;
