/**
 * Every request body, whatever its content type and whoever parses it, is read here first and
 * refused with 413 once it passes the limit (SPEC §10). Fastify's own `bodyLimit` only guards the
 * parsers that let Fastify read the body; a parser that takes the raw stream (tRPC's form-data
 * and octet-stream handling, for one) buffered a 300 MB unauthenticated upload whole. Checking
 * in a root hook holds for every route and whichever tRPC adapter serves /trpc.
 */
import { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const MAX_BODY_BYTES = 1024 * 1024;

class PayloadTooLarge extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  constructor() {
    super('Request body is too large');
  }
}

/**
 * A body already read, handed on as the request stream. It is an IncomingMessage because tRPC's
 * adapters pass a raw body on only when it is one (anything else they would JSON-encode).
 */
class ReadBody extends IncomingMessage {
  constructor(body: Buffer) {
    // No socket: this stream never reads from the network, and destroying it must not close one.
    super(null as unknown as ConstructorParameters<typeof IncomingMessage>[0]);
    if (body.length > 0) this.push(body);
    this.push(null);
    this.complete = true;
  }

  override _read(): void {}
}

function refuse(reply: FastifyReply): PayloadTooLarge {
  // The client may still be sending: close the connection rather than read the rest.
  void reply.header('connection', 'close');
  return new PayloadTooLarge();
}

/** Reads at most `limit` bytes; past that, stops reading (the rest is discarded, never kept). */
function readBounded(payload: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        stop();
        // Flowing with no listener: whatever else arrives before the socket closes is dropped.
        payload.resume();
        resolve(null);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

const hasBody = (headers: IncomingMessage['headers']) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/** Registers the limit on the root instance: call it before any route or plugin is added. */
export function limitRequestBodies(app: FastifyInstance, limit = MAX_BODY_BYTES): void {
  // A declared length over the limit is refused before a byte of the body is read.
  app.addHook('onRequest', async (req, reply) => {
    if (Number(req.headers['content-length']) > limit) throw refuse(reply);
  });
  // Chunked or understated bodies are counted as they arrive.
  app.addHook('preParsing', async (req, reply, payload) => {
    if (!hasBody(req.headers)) return payload;
    const body = await readBounded(payload, limit);
    if (body === null) throw refuse(reply);
    return new ReadBody(body);
  });
}
