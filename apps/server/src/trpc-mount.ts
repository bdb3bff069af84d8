/**
 * tRPC on Fastify, through tRPC's own Fastify adapter for every call, plus one route beside it
 * that streams `me.exportData` (export-stream.ts).
 *
 * Until this change queries were answered by calling the router directly, to skip the adapter's
 * per-call fetch `Request`/`Response`. On Node 24 that saved 16–18 % of CPU per me.get in
 * `pnpm bench` (bench/README.md), under the 25 % the shortcut had to earn; and it had to mirror
 * what the adapter enforces. So the adapter answers everything again: method, batching and its
 * limit, content types, streaming links and their refusals are tRPC's own.
 */
import type { AppRouter } from '@gatehouse/api';
import type { AnyTRPCRouter, inferRouterContext, TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerExportStream } from './export-stream.js';

export interface TrpcMountOptions<TRouter extends AnyTRPCRouter = AppRouter> {
  router: TRouter;
  createContext(req: FastifyRequest): inferRouterContext<TRouter>;
  /** Headers a response carries beyond tRPC's own (cookies, Retry-After, caching). */
  responseHeaders(
    ctx: inferRouterContext<TRouter> | undefined,
    errors: readonly TRPCError[],
  ): Record<string, string | string[] | undefined>;
  onError(opts: { error: TRPCError; path: string | undefined; ctx: inferRouterContext<TRouter> | undefined }): void;
  maxBatchSize: number;
}

/** The options in the shape tRPC's Fastify adapter takes. */
export function adapterOptions<TRouter extends AnyTRPCRouter>(
  opts: TrpcMountOptions<TRouter>,
): FastifyTRPCPluginOptions<TRouter>['trpcOptions'] {
  return {
    router: opts.router,
    createContext: ({ req }) => opts.createContext(req),
    maxBatchSize: opts.maxBatchSize,
    responseMeta: ({ ctx, errors }) => ({ headers: opts.responseHeaders(ctx, errors) }),
    onError: ({ error, path, ctx }) => opts.onError({ error, path, ctx }),
  };
}

/** `${prefix}/:path` through tRPC's Fastify plugin; `${prefix}/me.exportData` (POST) streamed. */
export async function mountTrpc(app: FastifyInstance, prefix: string, opts: TrpcMountOptions<AppRouter>): Promise<void> {
  await app.register(fastifyTRPCPlugin, { prefix, trpcOptions: adapterOptions(opts) });
  await app.register((scope, _opts, done) => {
    // As tRPC's plugin does in its own scope: the adapter reads the JSON body as text.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, next) => next(null, body));
    registerExportStream(scope, prefix, opts);
    done();
  });
}
