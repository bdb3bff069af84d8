// The HTTP surface as a browser or curl meets it: cookies, CSRF, limits, headers, error hygiene.
import { refusingInserts } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, verifyAddress } from './mailed-link.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const PASSWORD = 'a perfectly fine passphrase';
let n = 0;
const email = () => `http-${Date.now()}-${++n}@example.com`;

async function post(server: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface TrpcBody {
  result?: { data: Record<string, unknown> };
  error?: { data: { reason: string | null; retryAfterSeconds?: number; issues?: { path: string[] }[] } };
}
const json = async (res: Response): Promise<TrpcBody> => (await res.json()) as TrpcBody;

function sessionCookieOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?session=/.test(c));
  if (!cookie) throw new Error('no session cookie set');
  return cookie;
}

describe('HTTP', () => {
  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, without Domain, named `session` on http', async () => {
    const res = await post(s, 'auth.signUp', { email: email(), password: PASSWORD, displayName: 'H', orgName: 'H' });
    expect(res.status).toBe(200);
    const cookie = sessionCookieOf(res);
    expect(cookie).toMatch(/^session=[a-z2-7]{40};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/Secure/i);
    // The cookie authenticates JSON queries over plain GET.
    const me = await fetch(`${s.url}/trpc/me.get`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect((await json(me)).result?.data.displayName).toBe('H');
  });

  it('uses __Host-session with Secure (and sends HSTS) when the origin is https', async () => {
    const secure = await startServer({ APP_ORIGIN: 'https://gatehouse.example' });
    try {
      const res = await post(secure, 'auth.signUp', { email: email(), password: PASSWORD, displayName: 'S', orgName: 'S' });
      expect(res.status).toBe(200);
      const cookie = sessionCookieOf(res);
      expect(cookie).toMatch(/^__Host-session=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await secure.close();
    }
  });

  it.each([
    ['missing', undefined],
    ['foreign', 'https://evil.example'],
  ])('refuses a cookie-authenticated mutation whose Origin is %s with INVALID_ORIGIN', async (_l, origin) => {
    const signUp = await post(s, 'auth.signUp', { email: email(), password: PASSWORD, displayName: 'O', orgName: 'O' });
    const cookie = sessionCookieOf(signUp).split(';')[0]!;
    const headers: Record<string, string> = { 'content-type': 'application/json', cookie };
    if (origin) headers.origin = origin;
    const res = await fetch(`${s.url}/trpc/me.updateProfile`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ displayName: 'Changed' }),
    });
    expect(res.status).toBe(403);
    expect((await json(res)).error?.data.reason).toBe('INVALID_ORIGIN');
    const me = await json(await fetch(`${s.url}/trpc/me.get`, { headers: { cookie } }));
    expect(me.result?.data.displayName).toBe('O');
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const res = await post(s, 'auth.signIn', { email: email(), password: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
  });

  it('refuses a batch of more than 10 calls', async () => {
    const paths = Array.from({ length: 11 }, () => 'me.get').join(',');
    const res = await fetch(`${s.url}/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(res.status).toBe(400);
    const ten = Array.from({ length: 10 }, () => 'me.get').join(',');
    const ok = await fetch(`${s.url}/trpc/${ten}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(ok.status).toBe(401); // let through, then refused per call: nobody is signed in
  });

  it('sends the security headers on pages and API alike', async () => {
    for (const path of ['/healthz', '/trpc/me.get']) {
      const res = await fetch(`${s.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http origin
    }
  });

  it('never shows a stack trace, SQL or what was sent, whatever goes wrong, even a failure of its own (500)', async () => {
    const failing = { email: email(), password: 'a passphrase nobody may see 77' };
    const logsBefore = s.logs().length;
    let crash: Response | undefined;
    // The database itself refuses the new user row: a real failure inside a real statement, whose
    // driver error quotes the SQL with the email and the new password hash inlined.
    await refusingInserts(s.orm, 'user', 'true', async () => {
      crash = await post(s, 'auth.signUp', { ...failing, displayName: 'Crash', orgName: 'Crash' });
    });
    const responses = [
      crash!,
      ...(await Promise.all([
        post(s, 'auth.signIn', '{"email": broken json'),
        post(s, 'auth.signIn', { email: 42 }),
        fetch(`${s.url}/trpc/no.such.procedure`),
        post(s, 'auth.signUp', { email: email(), password: 'short', displayName: 'x', orgName: 'y' }),
      ])),
    ];
    expect(responses.map((res) => res.status)).toEqual([500, 400, 400, 404, 400]);
    const bodies = await Promise.all(responses.map((res) => res.text()));
    for (const text of bodies) {
      expect(text).not.toMatch(/stack|\.ts:\d+|node_modules|at \w+ \(/);
      expect(text).not.toMatch(/insert into|injected failure|argon2/i);
      expect(text).not.toContain(failing.email);
    }
    expect(JSON.parse(bodies[0]!)).toEqual({
      error: {
        code: -32603,
        message: 'Internal server error',
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, path: 'auth.signUp', reason: null },
      },
    });

    // The operator is told what failed and where, without the SQL's values or the password.
    const logs = s.logs().slice(logsBefore);
    const failure = logs
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; path?: string; err?: { message: string } })
      .find((entry) => entry.msg === 'procedure failed');
    expect(failure).toMatchObject({ path: 'auth.signUp', err: { message: expect.stringContaining('injected failure') } });
    for (const secret of [failing.email, failing.password, '$argon2', 'insert into']) expect(logs).not.toContain(secret);
  });

  it('puts VALIDATION and zod issues on error.data', async () => {
    const res = await post(s, 'auth.signUp', { email: 'nope', password: 'short', displayName: '', orgName: 'x' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error?.data.reason).toBe('VALIDATION');
    expect(body.error?.data.issues?.map((i) => i.path[0])).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
  });

  it('answers RATE_LIMITED with retryAfterSeconds and a Retry-After header', async () => {
    const target = email();
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) last = await post(s, 'auth.signIn', { email: target, password: 'not the password' });
    expect(last!.status).toBe(429);
    const body = await json(last!);
    expect(body.error?.data.reason).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBe(body.error?.data.retryAfterSeconds);
    expect(body.error?.data.retryAfterSeconds).toBeGreaterThan(800);
  });

  it('reports liveness and readiness', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    // Without SMTP_URL mail stays in the local outbox: the queue is reported, SMTP is not configured.
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'up', mail: 'up' },
      details: { mail: { smtp: 'not configured', dead: 0 } },
    });
  });

  it.each(['info', 'trace'] as const)(
    'never writes cookies, tokens, keys or passwords into its logs, at LOG_LEVEL=%s',
    async (level) => {
      const server = await startServer({ LOG_LEVEL: level });
      try {
        // The level took effect, and the captured stream receives the finest lines.
        expect(server.app.log.level).toBe(level);
        server.app.log.trace('trace probe');
        expect(server.logs().includes('trace probe')).toBe(level === 'trace');

        const password = 'my very secret passphrase 123';
        const address = email();
        const res = await post(server, 'auth.signUp', { email: address, password, displayName: 'L', orgName: 'L' });
        const cookie = sessionCookieOf(res).split(';')[0]!;
        const token = cookie.split('=')[1]!;
        const verificationLink = await mailedLink(server, address, '/verify-email/');
        await verifyAddress(server, address);
        const minted = await post(server, 'me.apiKeys.create', { name: 'logged?', scopes: ['profile:read'], expiresInDays: 1 }, { cookie });
        const { secret: apiKey } = (await json(minted)).result!.data as { secret: string };
        expect(apiKey).toMatch(/^gate_/);
        const otherPassword = 'another secret passphrase 456';
        await fetch(`${server.url}/trpc/me.get?input=${encodeURIComponent(JSON.stringify({ password: otherPassword }))}`, {
          headers: { cookie, authorization: 'Bearer gate_abcdefgh_secret' },
        });
        await fetch(`${server.url}/trpc/me.get`, { headers: { authorization: `Bearer ${apiKey}` } });
        await post(server, 'me.sudo.enter', { password: 'a wrong sudo password 789' }, { cookie });
        await post(server, 'auth.signIn', `{"email": "x@example.com", "password": "${otherPassword}`);
        await refusingInserts(server.orm, 'user', 'true', async () => {
          expect((await post(server, 'auth.signUp', { email: email(), password: otherPassword, displayName: 'F', orgName: 'F' })).status).toBe(500);
        });

        const logs = server.logs();
        expect(logs).toContain('"path":"/trpc/me.sudo.enter"');
        const linkToken = verificationLink.slice(verificationLink.lastIndexOf('/') + 1);
        for (const secret of [password, otherPassword, 'a wrong sudo password 789', token, apiKey, 'gate_abcdefgh_secret', '$argon2', linkToken]) {
          expect(logs).not.toContain(secret);
        }
        expect(logs).not.toContain('input=');
      } finally {
        await server.close();
      }
    },
  );
});
