// pnpm bench:soak (issue 12): a fleet under steady mixed load. Two instances of the built server
// on one fresh PostgreSQL database and one Redis of their own, 100 clients each alternating
// between the two instances, a mix of reads and writes (sign-in, me.get by cookie and by API key,
// key list, create and delete, member list, profile updates, notifications) for 60 s after a
// warm-up. Reports requests, counts per status, p50/p99 latency, the servers' CPU per request,
// and each instance's RSS after the warm-up and at the end.
//
// Unlike the other benchmarks this one has a verdict: it exits 1 on any 5xx answer or failed
// request, or when an instance's RSS at the end is more than 20 % above its RSS after warm-up
// (growth without bound shows up as exactly that over a steady load). Both readings are taken
// right after V8's last-resort collection in the instance (bench/heap-probe.cjs, loaded with
// --expose-gc into the benchmark's servers only), which also returns the heap pages V8 no longer
// needs: V8 grows its heap lazily and gives pages back long after collecting them, so RSS read at
// an arbitrary moment (or after an ordinary full GC) rises and falls in a sawtooth that says
// nothing about leaks. The raw readings are printed beside them.
//
// Knobs (environment): BENCH_SOAK_SECONDS (60), BENCH_SOAK_CONNECTIONS (100),
// BENCH_SOAK_WARMUP_SECONDS (15), BENCH_DATABASE_URL (an empty PostgreSQL database; default: a
// fresh one created on TEST_POSTGRES_URL's server, postgres://postgres@127.0.0.1:5432/test, and
// dropped afterwards), BENCH_REDIS_URL (default: a redis-server of its own on a free port),
// GATEHOUSE_SERVER_ENTRY; for diagnosis, BENCH_SOAK_NODE_ARGS (e.g. `--trace-gc`) and
// BENCH_SOAK_LOG_DIR (each instance's output is written there at the end).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, createScope, freePort, repoRoot, serverEntry, startGatehouse } from './harness.js';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 100);
const WARMUP_SECONDS = Number(process.env.BENCH_SOAK_WARMUP_SECONDS ?? 15);
const MAX_RSS_GROWTH = 0.2;
const PASSWORD = 'a perfectly fine passphrase';
// Each user mints one key at setup; the run may mint this many more (the limit is 10 an hour).
const KEY_BUDGET = 8;

const pg = createRequire(join(repoRoot, 'packages/db/package.json'))('pg');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes) => `${fmt(bytes / 2 ** 20)} MiB`;

/** Resident set size of a child, from /proc (bytes). */
function rssBytes(child) {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) * 1024;
}

/**
 * V8's last-resort GC in the instance (bench/heap-probe.cjs), then its memory in bytes; RSS is
 * read from /proc once the collection is done.
 */
async function probeAfterGc(target) {
  const seen = target.output().length;
  target.child.kill('SIGUSR2');
  for (let waited = 0; waited < 30_000; waited += 50) {
    const line = target
      .output()
      .slice(seen)
      .split('\n')
      .find((l) => l.includes('"msg":"heap probe"'));
    if (line) return { ...JSON.parse(line), rss: rssBytes(target.child) };
    await sleep(50);
  }
  throw new Error('the instance never answered the heap probe');
}

/** A fresh PostgreSQL database (dropped by the returned function), or BENCH_DATABASE_URL as given. */
async function database() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, drop: async () => {} };
  const admin = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `gatehouse_soak_${randomBytes(6).toString('hex')}`;
  const run = async (sql) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A Redis of the benchmark's own, without persistence, or BENCH_REDIS_URL as given. */
async function redis(scope) {
  if (process.env.BENCH_REDIS_URL) return process.env.BENCH_REDIS_URL;
  const port = await freePort();
  const child = scope.track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] }));
  await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Ready to accept connections')) ok();
    });
    child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code}:\n${out}`)));
  });
  return `redis://127.0.0.1:${port}`;
}

/**
 * One HTTP request on a keep-alive agent: { status, body, ms, setCookie }. Network failures
 * resolve with status 0 (counted as errors, never thrown).
 */
function request(target, agent, { method, path, headers, body }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      { host: target.host, port: target.port, method, path, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: performance.now() - started, setCookie: res.headers['set-cookie'] ?? [] }),
        );
        res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started, setCookie: [] }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - started, setCookie: [] }));
    if (body) req.write(body);
    req.end();
  });
}

const query = (path, input) => ({ method: 'GET', path: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}` });
const mutation = (path, input) => ({ method: 'POST', path: `/trpc/${path}`, body: JSON.stringify(input ?? null) });
const sessionCookie = (setCookie) => setCookie.find((c) => /^(__Host-)?session=/.test(c))?.split(';')[0];

let ipCounter = 0;
/** One client address per user (TRUST_PROXY=1), so no user shares another's per-address limits. */
const nextIp = () => {
  const n = ++ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

async function main() {
  const scope = createScope();
  let db;
  let failed = false;
  try {
    console.log(`server: ${serverEntry}; Node ${process.version}`);
    db = await database();
    const redisUrl = await redis(scope);
    const originPort = await freePort();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      // One public origin for both, as behind a proxy; the proxy's X-Forwarded-For is trusted.
      APP_ORIGIN: `http://localhost:${originPort}`,
      TRUST_PROXY: '1',
      // The users signed up at setup keep their sudo window for the whole run (key creation).
      SUDO_WINDOW_SECONDS: '3600',
      // glibc's allocator, for diagnosis: MALLOC_ARENA_MAX=2 pnpm bench:soak.
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    };
    const nodeArgs = ['--expose-gc', '--require', fileURLToPath(new URL('./heap-probe.cjs', import.meta.url)), ...(process.env.BENCH_SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    const instances = await Promise.all([startGatehouse(scope, { env, nodeArgs }), startGatehouse(scope, { env, nodeArgs })]);
    const origin = env.APP_ORIGIN;
    const targets = instances.map((s) => ({ ...s, host: '127.0.0.1', port: Number(new URL(s.url).port) }));
    const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }));
    const mails = new pg.Pool({ connectionString: db.url, max: 4 });

    // Setup: one user per client, each with a proven address and an API key (profile:read, org:read).
    const setupStarted = performance.now();
    const users = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < CONNECTIONS) {
          const i = next++;
          const target = targets[i % 2];
          const agent = agents[i % 2];
          const ip = nextIp();
          const email = `soak-${i}-${randomBytes(4).toString('hex')}@example.com`;
          const signUp = await request(target, agent, {
            ...mutation('auth.signUp', { email, password: PASSWORD, displayName: `Soak ${i}`, orgName: `Soak org ${i}` }),
            headers: { origin, 'x-forwarded-for': ip },
          });
          if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${signUp.body}`);
          const cookie = sessionCookie(signUp.setCookie);
          const { rows } = await mails.query("select text from outbox_mail where to_address = $1 and text like '%/verify-email/%'", [email]);
          const token = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(rows[0]?.text ?? '')?.[1];
          if (!token) throw new Error(`no verification mail for ${email}`);
          const verified = await request(target, agent, { ...mutation('auth.verifyEmail', { token }), headers: { origin, 'x-forwarded-for': ip } });
          if (verified.status !== 200) throw new Error(`verification failed: ${verified.status} ${verified.body}`);
          const minted = await request(target, agent, {
            ...mutation('me.apiKeys.create', { name: 'soak', scopes: ['profile:read', 'org:read'], expiresInDays: 7 }),
            headers: { origin, cookie, 'x-forwarded-for': ip },
          });
          if (minted.status !== 200) throw new Error(`key creation failed: ${minted.status} ${minted.body}`);
          users[i] = { i, email, ip, cookie, key: JSON.parse(minted.body).result.data.secret, minted: 0, pendingKeyId: null, extraSession: null, turn: i };
        }
      }),
    );
    await mails.end();
    console.log(`setup: ${CONNECTIONS} users signed up, verified and keyed in ${fmt((performance.now() - setupStarted) / 1000)} s`);

    /**
     * The mix, by weight out of 100. Writes: profile updates, key create/delete, sign-in/sign-out
     * (Argon2id, a new session and its notification mail each time), notifications marked read.
     */
    const MIX = [
      ['me.get (cookie)', 22, (u) => ({ ...query('me.get'), headers: { cookie: u.cookie } })],
      ['me.get (key)', 20, (u) => ({ ...query('me.get'), headers: { authorization: `Bearer ${u.key}` } })],
      ['members.list (cookie)', 8, (u) => ({ ...query('orgAdmin.members.list', { limit: 20 }), headers: { cookie: u.cookie } })],
      ['members.list (key)', 6, (u) => ({ ...query('orgAdmin.members.list', { limit: 20 }), headers: { authorization: `Bearer ${u.key}` } })],
      ['apiKeys.list', 8, (u) => ({ ...query('me.apiKeys.list'), headers: { cookie: u.cookie } })],
      ['notifications.list', 6, (u) => ({ ...query('me.notifications.list', { limit: 20 }), headers: { cookie: u.cookie } })],
      ['updateProfile', 12, (u) => ({ ...mutation('me.updateProfile', { displayName: `Soak ${u.i} ${u.turn}` }), headers: { origin, cookie: u.cookie } })],
      ['notifications.markRead', 4, (u) => ({ ...mutation('me.notifications.markRead', { all: true }), headers: { origin, cookie: u.cookie } })],
      ['apiKeys.create/delete', 10, null],
      ['signIn/signOut', 4, null],
    ];
    const total = MIX.reduce((n, [, w]) => n + w, 0);
    const start = performance.now();
    const runMs = (WARMUP_SECONDS + SECONDS) * 1000;

    /** The user's next call: a weighted pick; the stateful pairs alternate their two halves. */
    function nextCall(u) {
      let roll = Math.random() * total;
      let name;
      let make;
      for (const [n, w, m] of MIX) {
        if ((roll -= w) < 0) {
          [name, make] = [n, m];
          break;
        }
      }
      if (name === 'apiKeys.create/delete') {
        if (u.pendingKeyId) {
          const keyId = u.pendingKeyId;
          u.pendingKeyId = null;
          return { name: 'apiKeys.delete', req: { ...mutation('me.apiKeys.delete', { keyId }), headers: { origin, cookie: u.cookie } } };
        }
        // Spread over the run, within the hourly key limit.
        if (u.minted < Math.floor((KEY_BUDGET * (performance.now() - start)) / runMs)) {
          u.minted++;
          const req = { ...mutation('me.apiKeys.create', { name: `soak ${u.turn}`, scopes: ['profile:read'], expiresInDays: 1 }), headers: { origin, cookie: u.cookie } };
          return { name: 'apiKeys.create', req, after: (res) => (u.pendingKeyId = res.status === 200 ? JSON.parse(res.body).result.data.key.id : null) };
        }
        return { name: 'apiKeys.list', req: MIX[4][2](u) };
      }
      if (name === 'signIn/signOut') {
        if (u.extraSession) {
          const cookie = u.extraSession;
          u.extraSession = null;
          return { name: 'signOut', req: { ...mutation('auth.signOut', null), headers: { origin, cookie } } };
        }
        return {
          name: 'signIn',
          req: { ...mutation('auth.signIn', { email: u.email, password: PASSWORD }), headers: { origin } },
          after: (res) => (u.extraSession = res.status === 200 ? sessionCookie(res.setCookie) : null),
        };
      }
      return { name, req: make(u) };
    }

    const newStats = () => ({ requests: 0, statuses: {}, latencies: [], byName: {} });
    let stats = newStats();
    let measuring = false;
    const span = {};

    const client = async (u) => {
      while (performance.now() - start < runMs) {
        const call = nextCall(u);
        const target = u.turn % 2;
        u.turn++;
        call.req.headers['x-forwarded-for'] = u.ip;
        const res = await request(targets[target], agents[target], call.req);
        call.after?.(res);
        const s = stats;
        s.requests++;
        s.statuses[res.status] = (s.statuses[res.status] ?? 0) + 1;
        s.latencies.push(res.ms);
        const named = (s.byName[call.name] ??= { requests: 0, non2xx: 0 });
        named.requests++;
        if (res.status !== 200) {
          named.non2xx++;
          if (res.status >= 500 || res.status === 0) console.log(`  ${res.status || 'failed'} on ${call.name}: ${res.body.slice(0, 300)}`);
        }
      }
    };

    console.log(`load: ${CONNECTIONS} clients, each alternating between the 2 instances; ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured`);
    const clients = Promise.all(users.map(client));
    // RSS every 5 s from the first loaded request: whether it levels off is what matters.
    const samples = [];
    const sampler = setInterval(() => samples.push({ s: (performance.now() - start) / 1000, rss: targets.map((t) => rssBytes(t.child)) }), 5000);
    const warmup = stats;
    await sleep(WARMUP_SECONDS * 1000);
    span.rssAfterWarmup = targets.map((t) => rssBytes(t.child));
    span.gcAfterWarmup = await Promise.all(targets.map(probeAfterGc));
    stats = newStats();
    measuring = true;
    span.cpuBefore = targets.map((t) => cpuSeconds(t.child));
    span.loadBefore = os.loadavg();
    span.started = performance.now();
    await clients;
    clearInterval(sampler);
    span.ms = performance.now() - span.started;
    span.cpuAfter = targets.map((t) => cpuSeconds(t.child));
    span.loadAfter = os.loadavg();
    span.rssAtEnd = targets.map((t) => rssBytes(t.child));
    // Give the instances a moment to finish what the last requests queued (mail jobs).
    await sleep(1000);
    span.gcAtEnd = await Promise.all(targets.map(probeAfterGc));
    if (!measuring) throw new Error('never measured');

    const lat = stats.latencies.sort((a, b) => a - b);
    const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
    const cpu = span.cpuAfter.reduce((n, c, i) => n + c - span.cpuBefore[i], 0);
    const fiveXX = Object.entries(stats.statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0)
      + Object.entries(warmup.statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    const errors = (stats.statuses[0] ?? 0) + (warmup.statuses[0] ?? 0);

    console.log('');
    console.log(`warm-up: ${warmup.requests} requests, statuses ${JSON.stringify(warmup.statuses)}`);
    console.log(`measured: ${stats.requests} requests in ${fmt(span.ms / 1000)} s (${fmt(stats.requests / (span.ms / 1000), 0)} req/s)`);
    console.log(`statuses: ${JSON.stringify(stats.statuses)}`);
    console.log(`latency: p50 ${fmt(pct(50))} ms, p99 ${fmt(pct(99))} ms, max ${fmt(lat[lat.length - 1])} ms`);
    console.log(`server CPU: ${fmt((1e6 * cpu) / stats.requests, 0)} µs per request (both instances, user + system)`);
    const width = Math.max(...Object.keys(stats.byName).map((n) => n.length));
    for (const [name, s] of Object.entries(stats.byName).sort((a, b) => b[1].requests - a[1].requests)) {
      console.log(`  ${name.padEnd(width)} ${String(s.requests).padStart(7)} requests, ${s.non2xx} not 200`);
    }
    const pctOf = (end, start) => `${end >= start ? '+' : ''}${fmt(100 * (end / start - 1))} %`;
    // The verdict compares RSS after a last-resort collection at both ends; raw readings shown too.
    const growth = span.gcAtEnd.map((end, i) => end.rss / span.gcAfterWarmup[i].rss - 1);
    targets.forEach((_, i) => {
      const [w, e] = [span.gcAfterWarmup[i], span.gcAtEnd[i]];
      console.log(
        `instance ${'AB'[i]}: RSS after a last-resort GC ${mib(w.rss)} after warm-up, ${mib(e.rss)} at the end (${pctOf(e.rss, w.rss)}); ` +
          `live heap ${mib(w.heapUsed)} → ${mib(e.heapUsed)} (${pctOf(e.heapUsed, w.heapUsed)}), ` +
          `V8 heap reserved ${mib(w.heapTotal)} → ${mib(e.heapTotal)}, outside V8's heap (external) ${mib(w.external)} → ${mib(e.external)}; ` +
          `RSS as found (no GC) ${mib(span.rssAfterWarmup[i])} → ${mib(span.rssAtEnd[i])} (${pctOf(span.rssAtEnd[i], span.rssAfterWarmup[i])})`,
      );
    });
    console.log(`RSS every 5 s (A/B, MiB): ${samples.map((x) => `${x.s.toFixed(0)} s ${x.rss.map((r) => (r / 2 ** 20).toFixed(0)).join('/')}`).join(', ')}`);
    const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
    console.log(`load average: ${load(span.loadBefore)} at the start, ${load(span.loadAfter)} at the end (1/5/15 min) on ${os.availableParallelism()} CPUs`);

    if (fiveXX > 0) console.log(`FAILED: ${fiveXX} answers with a 5xx status`);
    if (errors > 0) console.log(`FAILED: ${errors} requests failed without an answer`);
    for (const [i, g] of growth.entries()) if (g > MAX_RSS_GROWTH) console.log(`FAILED: instance ${'AB'[i]} RSS (after a last-resort GC) grew ${fmt(100 * g)} % (limit ${100 * MAX_RSS_GROWTH} %)`);
    failed = fiveXX > 0 || errors > 0 || growth.some((g) => g > MAX_RSS_GROWTH);
    if (!failed) console.log('passed: no 5xx, no failed request, RSS (after a last-resort GC) within 20 % of its post-warm-up size');
    for (const agent of agents) agent.destroy();
    if (process.env.BENCH_SOAK_LOG_DIR) {
      for (const [i, t] of targets.entries()) writeFileSync(join(process.env.BENCH_SOAK_LOG_DIR, `instance-${'ab'[i]}.log`), t.output());
    }
  } finally {
    await scope.cleanup();
    await db?.drop();
  }
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
