/**
 * tRPC on Fastify. Query calls (GET) are answered by calling the router directly; everything
 * else (mutations, streaming links, anything unusual) goes through tRPC's own Fastify adapter.
 *
 * Why: on Node 20, tRPC v11's adapter turns every call into a fetch `Request` and `Response`
 * (undici objects, an `AbortSignal.any` per call, web streams). Measured here it costs ~500 µs
 * of CPU per call, several times Fastify and the router together, so it capped every query,
 * me.get included, below a tenth of what a bare Node server does. Queries need none of it: the
 * direct path builds the same answers from tRPC's public pieces (callTRPCProcedure,
 * getTRPCErrorShape, getHTTPStatusCode), so a client cannot tell the difference, and whenever a
 * request is not a plain JSON query call it steps aside before running anything.
 * test/trpc-mount.test.ts sends the same requests to both paths and compares status, body and
 * the headers a client acts on.
 */
import type { AppRouter } from '@gatehouse/api';
import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  TRPCError,
  type AnyTRPCRouter,
  type inferRouterContext,
  type TRPCErrorShape,
} from '@trpc/server';
import { fastifyRequestHandler, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

/** The same options in the shape tRPC's Fastify adapter takes. */
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

/** Registers `${prefix}/:path` for every method, as tRPC's own Fastify plugin does. */
export function mountTrpc<TRouter extends AnyTRPCRouter>(app: FastifyInstance, prefix: string, opts: TrpcMountOptions<TRouter>): void {
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

type CallResult = { result: { data: unknown } } | { error: TRPCErrorShape<object> };
type RootConfig = Parameters<typeof getTRPCErrorShape>[0]['config'];
/** What the direct path reads off a router (AnyTRPCRouter types these as `any`). */
interface RouterParts {
  procedures: Record<string, { _def?: { type?: string } } | undefined>;
  _config: RootConfig;
}

/**
 * Answers a GET of one or a batch of query procedures with JSON input, as tRPC's adapter would.
 * Returns false, having run and sent nothing, for anything else.
 */
export async function answerQueries<TRouter extends AnyTRPCRouter>(
  opts: TrpcMountOptions<TRouter>,
  req: FastifyRequest,
  reply: FastifyReply,
  path: string,
): Promise<boolean> {
  if (!PLAIN_PATHS.test(path) || wantsStream(req) || !sendsJsonOrNothing(req)) return false;
  const queryAt = req.url.indexOf('?');
  const search = new URLSearchParams(queryAt < 0 ? '' : req.url.slice(queryAt + 1));
  if (search.has('connectionParams')) return false;
  const isBatch = search.get('batch') === '1';
  const paths = isBatch ? path.split(',') : [path];
  if (paths.length > opts.maxBatchSize) return false;
  const { procedures, _config: config } = opts.router._def as RouterParts;
  const isQuery = (p: string) => Object.hasOwn(procedures, p) && procedures[p]?._def?.type === 'query';
  if (!paths.every(isQuery)) return false;
  const inputs = readInputs(search.get('input'), isBatch, paths.length, (value) => config.transformer.input.deserialize(value));
  if (!inputs) return false;
  let ctx: inferRouterContext<TRouter>;
  try {
    ctx = opts.createContext(req);
  } catch {
    return false; // the adapter turns a failing context into tRPC's own error response
  }

  const shape = (error: TRPCError, at: string | undefined, input: unknown) =>
    getTRPCErrorShape({ config, error, type: 'query', path: at, input, ctx }) as TRPCErrorShape<object>;
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
        // Promises or iterables inside the data need a streaming link; tRPC refuses them here.
        if (isBatch && isStreamLike(data)) throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: STREAM_ONLY });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        errors[index] = error;
        opts.onError({ error, path: procedurePath, ctx });
        return { error: shape(error, procedurePath, input) };
      }
    }),
  );

  let status: number;
  let body: string;
  let failed = errors.filter(Boolean);
  try {
    const single = results[0]!;
    if (!isBatch && 'result' in single && isStreamLike(single.result.data)) {
      throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: STREAM_ONLY });
    }
    status = getHTTPStatusCode(results);
    body = JSON.stringify(transformTRPCResponse(config, isBatch ? results : single));
  } catch (cause) {
    // As tRPC does when answering fails as a whole (unserialisable data, say): one error, no path.
    const error = getTRPCErrorFromUnknown(cause);
    opts.onError({ error, path: undefined, ctx });
    const answer = { error: shape(error, undefined, undefined) };
    status = getHTTPStatusCode(answer);
    body = JSON.stringify(transformTRPCResponse(config, answer));
    failed = [error];
  }
  void reply
    .code(status)
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    .headers(opts.responseHeaders(ctx, failed))
    .send(Buffer.from(body));
  return true;
}

const STREAM_ONLY = 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink';

/** httpBatchStreamLink and subscriptions: `trpc-accept`, or `application/jsonl` among the accepted types. */
function wantsStream(req: FastifyRequest): boolean {
  if (req.headers['trpc-accept'] !== undefined) return true;
  return (req.headers.accept ?? '').split(',').some((type) => type.trim() === 'application/jsonl');
}

/** tRPC reads a GET as JSON unless its Content-Type names form data or octets; those are the adapter's. */
function sendsJsonOrNothing(req: FastifyRequest): boolean {
  const type = req.headers['content-type'];
  return type === undefined || type.startsWith('application/json');
}

/** tRPC's test for data only a streaming link can carry: promises or async iterables, at the top. */
function isStreamLike(value: unknown): boolean {
  const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isAsyncIterable = (v: unknown) => isObject(v) && Symbol.asyncIterator in v;
  const isPromise = (v: unknown) =>
    (isObject(v) || typeof v === 'function') &&
    typeof (v as { then?: unknown }).then === 'function' &&
    typeof (v as { catch?: unknown }).catch === 'function';
  if (!isObject(value)) return false;
  return isAsyncIterable(value) || Object.values(value).some((v) => isPromise(v) || isAsyncIterable(v));
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
