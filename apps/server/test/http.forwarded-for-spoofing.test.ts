// Attack: behind a proxy, write a fresh X-Forwarded-For on every password guess so the sign-in
// limit sees a new address each time; or send one that is no address at all, to break the server.
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.js';
import { PASSWORD, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

/** The client's address as the proxy saw it (everything here runs on loopback, so it is given). */
const CLIENT = '198.51.100.20';

/**
 * A reverse proxy as load balancers are: it passes requests on and appends the address of the
 * peer it got them from to whatever X-Forwarded-For the client sent.
 */
function appendingProxy(target: RunningServer): Promise<{ url: string; origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const sent = req.headers['x-forwarded-for'];
    const forwarded = sent ? `${Array.isArray(sent) ? sent.join(', ') : sent}, ${CLIENT}` : CLIENT;
    const upstream = request(`${target.url}${req.url}`, { method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwarded } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        origin: target.origin,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');

async function guess(url: string, origin: string, email: string, forwardedFor?: string) {
  const res = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ email, password: 'not the password at all' }),
  });
  await res.body?.cancel();
  return res.status;
}

async function sessionIpOf(s: RunningServer, userId: string): Promise<string | null> {
  const rows: { ip: string | null }[] = await s.orm.em.getConnection().execute('select ip from session where user_id = ?', [userId]);
  return rows[0]?.ip ?? null;
}

describe('TRUST_PROXY', () => {
  it.each(['true', 'TRUE', 'yes', '1.2.3', '10.0.0.0/33', '10.0.0.1, nonsense'])('refuses %j at start-up, saying what to set', (value) => {
    expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(
      /TRUST_PROXY: .*number of proxies in front of the server .* or their addresses/,
    );
  });

  it('takes a hop count or a list of proxy addresses and ranges, or nothing', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '3' }).TRUST_PROXY).toBe(3);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    for (const off of [undefined, '', 'false', '0']) expect(parseEnv({ TRUST_PROXY: off }).TRUST_PROXY).toBe(false);
  });
});

describe.each([
  ['a hop count', '1'],
  ['the proxy address', '127.0.0.1'],
])('behind an appending proxy, with TRUST_PROXY set to %s', (_label, trust) => {
  let s: RunningServer;
  let proxy: Awaited<ReturnType<typeof appendingProxy>>;
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: trust, LOG_LEVEL: 'silent' });
    proxy = await appendingProxy(s);
  });
  afterAll(async () => {
    await proxy.close();
    await s.close();
  });

  it('limits 15 wrong passwords sent with a new made-up X-Forwarded-For each', async () => {
    const email = uniqueEmail('victim');
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push(await guess(proxy.url, proxy.origin, email, randomAddress()));
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(5).fill(429)]);
  });

  it('records the address the proxy saw, not the one the client wrote', async () => {
    const res = await fetch(`${proxy.url}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: proxy.origin, 'x-forwarded-for': '203.0.113.99' },
      body: JSON.stringify({ email: uniqueEmail('proxied'), password: PASSWORD, displayName: 'P', orgName: 'P' }),
    });
    const { result } = (await res.json()) as { result: { data: { userId: string } } };
    expect(await sessionIpOf(s, result.data.userId)).toBe(CLIENT);
  });
});

describe('an X-Forwarded-For that is not an address', () => {
  let s: RunningServer;
  beforeAll(async () => {
    // Two hops believed: the entry left of the rightmost one is then the client's.
    s = await startServer({ TRUST_PROXY: '2', LOG_LEVEL: 'silent' });
  });
  afterAll(() => s.close());

  it.each([
    ['over 45 characters', `${'x'.repeat(100)}, 192.0.2.1`, '192.0.2.1'],
    ['digits over 45 characters', `${'9'.repeat(60)}, 192.0.2.1`, '192.0.2.1'],
    ['an IPv6 address with a long zone', `fe80::1%${'e'.repeat(60)}, 192.0.2.1`, '192.0.2.1'],
    ['the word unknown', 'unknown, 192.0.2.1', '192.0.2.1'],
    ['nothing but junk', `${'a'.repeat(46)}, ${'b'.repeat(46)}`, '127.0.0.1'],
    ['an address with a port', '203.0.113.5:4711, 192.0.2.1', '203.0.113.5'],
    ['a bracketed IPv6 address with a port', '[2001:db8::1]:443, 192.0.2.1', '2001:db8::1'],
    ['the longest IPv6 form (45 characters)', 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255, 192.0.2.1', 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255'],
  ])('is never a 5xx: %s', async (_label, forwardedFor, recorded) => {
    const headers = { 'content-type': 'application/json', origin: s.origin, 'x-forwarded-for': forwardedFor };
    const signUp = await fetch(`${s.url}/trpc/auth.signUp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: uniqueEmail('xff'), password: PASSWORD, displayName: 'X', orgName: 'X' }),
    });
    expect(signUp.status).toBe(200);
    const { result } = (await signUp.json()) as { result: { data: { userId: string } } };
    expect(await sessionIpOf(s, result.data.userId)).toBe(recorded);
    expect(await guess(s.url, s.origin, uniqueEmail('nobody'), forwardedFor)).toBe(401);
  });
});
