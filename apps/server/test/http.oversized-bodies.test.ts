// Attack: exhaust the server's memory with large unauthenticated uploads of a content type the
// JSON limit does not cover (form data, urlencoded, raw octets), streamed or declared up front.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

const contentTypes = {
  multipart: 'multipart/form-data; boundary=----gatehouse',
  urlencoded: 'application/x-www-form-urlencoded',
  octets: 'application/octet-stream',
  json: 'application/json',
} as const;
type Kind = keyof typeof contentTypes;
type Framing = 'chunked' | 'content-length';

/**
 * Streams `size` bytes to the server as a client would, without holding them in memory, and
 * resolves with the status of the answer. The server may close the connection while the upload
 * is still going (after a 413, as it should): the answer counts, the broken upload does not.
 */
function upload(method: string, path: string, kind: Kind, framing: Framing, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const req = request(`${s.url}${path}`, {
      method,
      headers: {
        origin: s.origin,
        'content-type': contentTypes[kind],
        // Named outright: Node's client would not frame a GET's body by itself.
        ...(framing === 'content-length' ? { 'content-length': String(size) } : { 'transfer-encoding': 'chunked' }),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server may answer 413 and close before this client has read the answer: its next
      // write then fails. Cut off well before the end is the refusal too (status 0), and only that.
      if ((error.code === 'EPIPE' || error.code === 'ECONNRESET') && sent < size) resolve({ status: 0, body: '' });
      else reject(error);
    });
    const pump = () => {
      while (sent < size && !answered && !req.destroyed) {
        const piece = sent + CHUNK.length <= size ? CHUNK : CHUNK.subarray(0, size - sent);
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= size) req.end();
    };
    pump();
  });
}

/** The largest growth of this process's resident memory while `work` runs. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - baseline;
}

const kinds = Object.keys(contentTypes) as Kind[];
const framings: Framing[] = ['chunked', 'content-length'];

describe('request bodies over 1 MiB', () => {
  it('are refused with 413 before they are buffered, whatever their type, on sign-in with no session', async () => {
    const cases = kinds.flatMap((kind) => framings.map((framing) => ({ kind, framing })));
    const results: { kind: Kind; framing: Framing; refused: boolean }[] = [];
    const growth = await peakRssGrowth(async () => {
      // All at once, as an attacker would: 160 MiB on the wire together.
      await Promise.all(
        cases.map(async ({ kind, framing }) => {
          const { status } = await upload('POST', '/trpc/auth.signIn', kind, framing, 20 * MiB);
          results.push({ kind, framing, refused: status === 413 || status === 0 });
        }),
      );
    });
    expect(growth).toBeLessThan(50 * MiB);
    expect(results.sort((a, b) => `${a.kind}${a.framing}`.localeCompare(`${b.kind}${b.framing}`))).toEqual(
      cases.map((c) => ({ ...c, refused: true })).sort((a, b) => `${a.kind}${a.framing}`.localeCompare(`${b.kind}${b.framing}`)),
    );
    // The server is still answering.
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ['POST', '/scim/v2/Users'],
    ['PUT', '/scim/v2/Users/someone'],
    ['POST', '/trpc/me.updateProfile'],
    ['GET', '/trpc/me.get'],
    ['POST', '/healthz'],
    ['PUT', '/no/such/route'],
  ])('are refused with 413 on %s %s too', async (method, path) => {
    for (const kind of kinds) {
      for (const framing of framings) {
        const { status } = await upload(method, path, kind, framing, 20 * MiB);
        expect({ kind, framing, refused: status === 413 || status === 0 }).toEqual({ kind, framing, refused: true });
      }
    }
  });

  it('leave bodies within the limit to the route, streamed or not', async () => {
    for (const framing of framings) {
      // A valid JSON body just under the limit reaches the procedure, which judges the input.
      const password = 'p'.repeat(MiB - 100);
      const body = JSON.stringify({ email: 'someone@example.com', password });
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${s.url}/trpc/auth.signIn`, {
          method: 'POST',
          headers: {
            origin: s.origin,
            'content-type': 'application/json',
            ...(framing === 'content-length' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
        });
        req.on('response', (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        // Sent in pieces, so a chunked request really arrives in several chunks.
        for (let at = 0; at < body.length; at += 100_000) req.write(body.slice(at, at + 100_000));
        req.end();
      });
      expect(res.status).toBe(400);
      expect((JSON.parse(res.body) as { error: { data: { reason: string } } }).error.data.reason).toBe('VALIDATION');
    }
  });

  it('hand a small form-data body on to tRPC as the request stream it expects', async () => {
    // tRPC reads a raw body only from an IncomingMessage; any other stream it cannot parse.
    const form = new FormData();
    form.set('email', 'someone@example.com');
    const res = await fetch(`${s.url}/trpc/auth.signIn`, { method: 'POST', headers: { origin: s.origin }, body: form });
    const { error } = (await res.json()) as { error: { message: string; data: { path: string } } };
    expect(res.status).toBe(400);
    expect(error.data.path).toBe('auth.signIn');
    expect(error.message).not.toMatch(/failed to parse/i);
    expect(error.message).toMatch(/invalid_type/); // the form reached the input validator
  });
});
