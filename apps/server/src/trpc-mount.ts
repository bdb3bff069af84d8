/**
 * tRPC on Fastify. Query calls (GET) are answered by calling the router directly; everything
 * else (mutations, streaming links, anything unusual) goes through tRPC's own Fastify adapter.
 *
 * Why: on Node 20, tRPC v11's adapter turns every call into a fetch `Request` and `Response`
 * (undici objects, an `AbortSignal.any` per call, web streams). Measured here it costs ~700 µs
 * of CPU per call, ten times Fastify and the router together, so it capped every query, me.get
 * included, below a tenth of what a bare Node server does. Queries need none of it: the direct
 * path builds the same bytes from tRPC's public pieces (callTRPCProcedure, getTRPCErrorShape,
 * getHTTPStatusCode), so the client cannot tell the difference, and whenever a request is not a
 * plain JSON query call it steps aside. test/trpc-mount.test.ts compares both paths byte for
 * byte, request by request.
 */
import type { AppRouter, Context } from '@gatehouse/api';
import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  type TRPCError,
} from '@trpc/server';
import { fastifyRequestHandler, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface TrpcMountOptions {
  router: AppRouter;
  createContext(req: FastifyRequest): Context;
  /** Headers a response carries beyond tRPC's own (cookies, Retry-After, caching). */
  responseHeaders(ctx: Context | undefined, errors: readonly TRPCError[]): Record<string, string | string[] | undefined>;
  onError(opts: { error: TRPCError; path: string | undefined; ctx: Context | undefined }): void;
  maxBatchSize: number;
}

type AdapterOptions = FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];

/** The same options in the shape tRPC's Fastify adapter takes. */
export function adapterOptions(opts: TrpcMountOptions): AdapterOptions {
  return {
    router: opts.router,
    createContext: ({ req }) => opts.createContext(req),
    maxBatchSize: opts.maxBatchSize,
    responseMeta: ({ ctx, errors }) => ({ headers: opts.responseHeaders(ctx, errors) }),
    onError: ({ error, path, ctx }) => opts.onError({ error, path, ctx }),
  };
}

/** Registers `${prefix}/:path` for every method, as tRPC's own Fastify plugin does. */
export function mountTrpc(app: FastifyInstance, prefix: string, opts: TrpcMountOptions): void {
  const adapter = adapterOptions(opts);
  // tRPC parses request bodies itself (as tRPC's plugin arranges).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', {}, (_req, body, done) => done(null, body));

  app.all<{ Params: { path: string } }>(`${prefix}/:path`, async (req, reply) => {
    if (req.method === 'GET' && (await answerQueries(opts, req, reply, req.params.path))) return;
    await fastifyRequestHandler({ ...adapter, req, res: reply, path: req.params.path });
  });
}

// Procedure paths are plain identifiers; anything else is left to tRPC to refuse.
const PLAIN_PATHS = /^[A-Za-z0-9_.,]+$/;

type CallResult = { result: { data: unknown } } | { error: ReturnType<typeof getTRPCErrorShape> };

/**
 * Answers a GET of one or a batch of query procedures with JSON input, as tRPC's adapter would.
 * Returns false, having sent nothing, for anything else.
 */
export async function answerQueries(opts: TrpcMountOptions, req: FastifyRequest, reply: FastifyReply, path: string): Promise<boolean> {
  // Streaming links (trpc-accept: application/jsonl) and subscriptions are the adapter's. (A
  // query returning promises or async iterables needs that streaming link anyway; none of ours do.)
  if (req.headers['trpc-accept'] !== undefined || !PLAIN_PATHS.test(path)) return false;
  const queryAt = req.url.indexOf('?');
  const search = new URLSearchParams(queryAt < 0 ? '' : req.url.slice(queryAt + 1));
  if (search.has('connectionParams')) return false;
  const isBatch = search.get('batch') === '1';
  const paths = isBatch ? path.split(',') : [path];
  if (paths.length > opts.maxBatchSize) return false;
  const { procedures, _config: config } = opts.router._def;
  if (!paths.every((p) => Object.hasOwn(procedures, p) && (procedures as Record<string, { _def?: { type?: string } }>)[p]?._def?.type === 'query')) {
    return false;
  }
  const inputs = readInputs(search.get('input'), isBatch, paths.length, (value) => config.transformer.input.deserialize(value));
  if (!inputs) return false;

  let ctx: Context;
  try {
    ctx = opts.createContext(req);
  } catch {
    return false; // the adapter turns a failing context into tRPC's own error response
  }
  const errors: TRPCError[] = [];
  const results = await Promise.all(
    paths.map(async (procedurePath, index): Promise<CallResult> => {
      const input = inputs[index];
      try {
        const data: unknown = await callTRPCProcedure({
          router: opts.router,
          path: procedurePath,
          getRawInput: () => Promise.resolve(input),
          ctx,
          type: 'query',
          // No per-call AbortSignal: building one is part of what made the adapter slow, and no
          // Gatehouse procedure reads it (they are short and end with the request anyway).
          signal: undefined,
          batchIndex: index,
        });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        errors[index] = error;
        opts.onError({ error, path: procedurePath, ctx });
        return { error: getTRPCErrorShape({ config, error, type: 'query', path: procedurePath, input, ctx }) };
      }
    }),
  );

  const extra = opts.responseHeaders(ctx, errors.filter(Boolean));
  void reply
    .code(getHTTPStatusCode(results))
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    .headers(extra)
    .send(Buffer.from(JSON.stringify(transformTRPCResponse(config, isBatch ? results : results[0]!))));
  return true;
}

/** The calls' inputs from `?input=`, or null when tRPC should be the one to refuse them. */
function readInputs(
  raw: string | null,
  isBatch: boolean,
  count: number,
  deserialize: (value: unknown) => unknown,
): unknown[] | null {
  const inputs = new Array<unknown>(count).fill(undefined);
  if (!raw) return inputs;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isBatch) {
    inputs[0] = deserialize(parsed);
    return inputs;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  for (let i = 0; i < count; i++) {
    const value = (parsed as Record<string, unknown>)[i];
    if (value !== undefined) inputs[i] = deserialize(value);
  }
  return inputs;
}
