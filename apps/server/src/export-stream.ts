/**
 * `POST /trpc/me.exportData`, written out as it is read. A long history (a million audit events)
 * would be hundreds of megabytes as one JSON string, and tRPC serialises an answer whole; so this
 * route, and only for this procedure, calls it with `ctx.streamExport` and writes the tRPC answer
 * (`{"result":{"data":…}}`, or `[…]` for a batch of one, what tRPC's links send) a chunk at a
 * time. A plain POST (curl with a key) gets the very bytes the adapter would have sent, only sooner.
 *
 * The procedure still runs through tRPC's own pipeline (callTRPCProcedure: every middleware, the
 * principal, the scope, the origin check, the rate limit), and whatever this route is not sure to
 * answer in full (another content type, a streaming link, a body tRPC would refuse) goes to tRPC's
 * adapter before anything has run, so nothing is consumed by a call that is then refused.
 */
import { reference, StreamedExport, type AppRouter } from '@gatehouse/api';
import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  TRPCError,
  type inferRouterContext,
  type TRPCErrorShape,
} from '@trpc/server';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { adapterOptions, type TrpcMountOptions } from './trpc-mount.js';

const PATH = 'me.exportData';
type RootConfig = Parameters<typeof getTRPCErrorShape>[0]['config'];

export function registerExportStream(app: FastifyInstance, prefix: string, opts: TrpcMountOptions<AppRouter>): void {
  const adapter = adapterOptions(opts);
  app.post(`${prefix}/${PATH}`, async (req, reply) => {
    const call = streamableCall(req);
    if (!call) return fastifyRequestHandler({ ...adapter, req, res: reply, path: PATH });
    await answer(opts, req, reply, call);
  });
}

interface StreamableCall {
  isBatch: boolean;
  /** As tRPC reads input: lazily, so a body is only parsed (and refused) if the procedure takes input. */
  input: () => Promise<unknown>;
}

/** The call, when it is one plain JSON mutation this route can answer completely; else null. */
function streamableCall(req: FastifyRequest): StreamableCall | null {
  if (req.headers['trpc-accept'] !== undefined) return null;
  if ((req.headers.accept ?? '').split(',').some((type) => type.trim() === 'application/jsonl')) return null;
  const type = req.headers['content-type'];
  if (type !== undefined && !type.startsWith('application/json')) return null;
  const search = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  if (search.has('connectionParams')) return null;
  const batch = search.get('batch');
  if (batch !== null && batch !== '1') return null;
  const isBatch = batch === '1';
  const body = typeof req.body === 'string' ? req.body : '';
  const input = () => {
    if (body === '') return Promise.resolve(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (cause) {
      return Promise.reject(new TRPCError({ code: 'PARSE_ERROR', cause }));
    }
    if (!isBatch) return Promise.resolve(parsed);
    const calls = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    return Promise.resolve(calls['0']);
  };
  return { isBatch, input };
}

async function answer(opts: TrpcMountOptions<AppRouter>, req: FastifyRequest, reply: FastifyReply, call: StreamableCall) {
  const config = reference.rootConfigOf<RootConfig>(opts.router);
  let ctx: inferRouterContext<AppRouter> | undefined;
  let result: unknown;
  try {
    ctx = opts.createContext(req);
    ctx.streamExport = true;
    result = await callTRPCProcedure({
      router: opts.router,
      path: PATH,
      getRawInput: call.input,
      ctx,
      type: 'mutation',
      signal: undefined,
      batchIndex: 0,
    });
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    opts.onError({ error, path: PATH, ctx });
    const shape: unknown = getTRPCErrorShape({ config, error, type: 'mutation', path: PATH, input: undefined, ctx });
    const shaped = { error: shape as TRPCErrorShape<object> };
    return sendJson(reply, getHTTPStatusCode(shaped), transformTRPCResponse(config, call.isBatch ? [shaped] : shaped), opts.responseHeaders(ctx, [error]));
  }
  if (!(result instanceof StreamedExport)) {
    return sendJson(reply, 200, call.isBatch ? [{ result: { data: result } }] : { result: { data: result } }, opts.responseHeaders(ctx, []));
  }
  const wrap = call.isBatch ? { open: '[{"result":{"data":', close: '}}]' } : { open: '{"result":{"data":', close: '}}' };
  return reply
    .code(200)
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    .headers(opts.responseHeaders(ctx, []))
    .send(exportBody(result, wrap, (error) => opts.onError({ error, path: PATH, ctx })));
}

/**
 * A streamed export as a response body, between `wrap.open` and `wrap.close` (the tRPC answer's
 * envelope, or nothing for REST). The database is read only as fast as the client takes the
 * bytes, so memory stays at a page whatever the history's length. The head was read before the
 * status was chosen (StreamedExport.afterHead), so anything failing here fails after the status
 * has left and can only cut the body short: it is reported through `onError` (which logs it
 * safely), and the client gets invalid JSON, never a complete-looking document with events missing.
 */
export function exportBody(
  exported: StreamedExport,
  wrap: { open: string; close: string },
  onError: (error: TRPCError) => void,
): Readable {
  async function* body() {
    yield wrap.open;
    try {
      yield* exported.json();
    } catch (cause) {
      onError(getTRPCErrorFromUnknown(cause));
      // Fastify logs a stream's error as it is, SQL and all: it gets a bare one instead.
      throw new Error('export cut short (the failure is logged as the procedure failing)');
    }
    yield wrap.close;
  }
  return Readable.from(body(), { objectMode: false });
}

function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string | string[] | undefined>) {
  return reply
    .code(status)
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    .headers(headers)
    .send(Buffer.from(JSON.stringify(body)));
}

