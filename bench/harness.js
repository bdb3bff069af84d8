// Shared by the benchmark and the profiler: start the built Gatehouse server (and a bare node:http
// server) as child processes, sign a user up, and clean everything up afterwards.
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Override to measure another build of the server (e.g. a scratch copy with another adapter). */
export const serverEntry = resolve(process.env.GATEHOUSE_SERVER_ENTRY ?? join(repoRoot, 'apps/server/dist/main.js'));

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => ok(port));
      });
  });
}

/**
 * CPU seconds (user + system, all threads: the event loop and libuv's pool that runs SQLite)
 * a child has used so far. Per request, this is what a busy shared machine cannot distort much.
 */
export function cpuSeconds(child) {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100/s)
  } catch {
    return NaN; // not Linux: the report leaves the column out
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Everything started here is stopped by cleanup(), on success, failure or Ctrl-C. */
export function createScope() {
  const children = new Set();
  const dirs = new Set();
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await Promise.all([...children].map((child) => stopChild(child)));
      await Promise.all([...dirs].map((d) => rm(d, { recursive: true, force: true })));
    })());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  return {
    track(child) {
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    async tempDir(prefix) {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      dirs.add(dir);
      return dir;
    },
    cleanup,
  };
}

/** SIGTERM (the server shuts down gracefully, which also flushes a --cpu-prof profile), then SIGKILL. */
export function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The built server on a free port over a fresh temp SQLite database (or BENCH_DATABASE_URL),
 * exactly as `pnpm start` runs it, with request logging at warn.
 */
export async function startGatehouse(scope, { nodeArgs = [], env = {}, entry = serverEntry } = {}) {
  const port = await freePort();
  const dir = await scope.tempDir('gatehouse-bench-');
  const origin = `http://127.0.0.1:${port}`;
  const child = scope.track(
    spawn(process.execPath, [...nodeArgs, entry], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_ORIGIN: origin,
        DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'gatehouse.db')}`,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const deadline = Date.now() + 120_000; // a loaded shared machine starts slowly
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${origin}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready within 120 s:\n${output}`);
    await sleep(100);
  }
  return { url: origin, origin, dir, child, output: () => output };
}

/** Signs a fresh user up over HTTP, as the browser does; returns the `name=value` session cookie. */
export async function signUp(server) {
  const res = await fetch(`${server.url}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin },
    body: JSON.stringify({
      email: `bench-${Date.now()}@example.com`,
      password: 'a perfectly fine passphrase',
      displayName: 'Bench User',
      orgName: 'Bench Org',
    }),
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => /^(__Host-)?session=/.test(c))
    ?.split(';')[0];
  if (!cookie) throw new Error('sign-up set no session cookie');
  await verifyEmail(server, cookie);
  return cookie;
}

/**
 * Follows the verification link from the development mailbox (`me.outbox`: the bench server has
 * no SMTP_URL), as the new user would: keys and other credentials wait for a confirmed address.
 */
async function verifyEmail(server, cookie) {
  const res = await fetch(`${server.url}/trpc/me.outbox`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`reading the mailbox failed: ${res.status} ${await res.text()}`);
  const mails = (await res.json()).result.data.items;
  const token = mails.map((m) => /\/verify-email\/([A-Za-z0-9_-]+)/.exec(m.text)?.[1]).find(Boolean);
  if (!token) throw new Error('sign-up mailed no verification link');
  const verified = await fetch(`${server.url}/trpc/auth.verifyEmail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin },
    body: JSON.stringify({ token }),
  });
  if (verified.status !== 200) throw new Error(`verification failed: ${verified.status} ${await verified.text()}`);
}

/**
 * A bare node:http server answering `body` as JSON on every request: the ceiling to compare with.
 * `script` picks another fixed-answer server, `env` its settings.
 */
export async function startBare(scope, body, script = './bare-server.js', env = {}) {
  const port = await freePort();
  const child = scope.track(
    fork(fileURLToPath(new URL(script, import.meta.url)), [], {
      env: { PATH: process.env.PATH, PORT: String(port), BODY: body, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  await new Promise((ok, fail) => {
    child.once('message', ok);
    child.once('exit', (code) => fail(new Error(`the bare server exited with code ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Mints an API key with profile:read over HTTP, as the web app does (sign-up opened sudo). */
export async function createApiKey(server, cookie) {
  const res = await fetch(`${server.url}/trpc/me.apiKeys.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin, cookie },
    body: JSON.stringify({ name: 'bench', scopes: ['profile:read'], expiresInDays: 30 }),
  });
  if (res.status !== 200) throw new Error(`key creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()).result.data.secret;
}

/** Better Auth (bench/better-auth-server.js) with its cookie cache on or off: { url, child, cookie, key }. */
export async function startBetterAuth(scope, { cookieCache }) {
  const port = await freePort();
  const child = scope.track(
    fork(fileURLToPath(new URL('./better-auth-server.js', import.meta.url)), [], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), COOKIE_CACHE: cookieCache ? '1' : '0' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const credentials = await new Promise((ok, fail) => {
    child.once('message', ok);
    child.once('exit', (code) => fail(new Error(`the Better Auth server exited with code ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, ...credentials };
}
