import type { CliIo } from '../src/program.js';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | null;
}

type Reply = { status?: number; body: unknown } | Error;

/**
 * A stand-in for `fetch` that answers the way the Gatehouse tRPC endpoint does, and records
 * every request, so a test can also prove that nothing was sent at all.
 */
export function fakeGatehouse(route: (req: RecordedRequest) => Reply) {
  const requests: RecordedRequest[] = [];
  const fakeFetch = (input: URL | string, init?: RequestInit): Promise<Response> => {
    const req: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : null,
    };
    requests.push(req);
    const reply = route(req);
    if (reply instanceof Error) return Promise.reject(reply);
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status ?? 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  return { requests, fetch: fakeFetch as typeof fetch };
}

export const ok = (data: unknown): Reply => ({ body: { result: { data } } });

export function trpcError(httpStatus: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return {
    status: httpStatus,
    body: { error: { code: -32000, message, data: { code, httpStatus, path: null, reason: null, ...extra } } },
  };
}

export const VALID_KEY = `gate_AbCd1234_${'x'.repeat(32)}Zz9Zz9`;

export function captureIo(env: Record<string, string | undefined>, fetchImpl?: typeof fetch) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: { GATEHOUSE_URL: 'http://gatehouse.test', GATEHOUSE_API_KEY: VALID_KEY, ...env },
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}
