// pnpm bench, part 1: Gatehouse's me.get (session cookie and API key) beside the peer users would
// pick instead, Better Auth (get-session with its cookie cache off and on, and verifyApiKey), and
// a bare node:http route, all in the same interleaved rounds so that every ratio comes from one
// run and machine noise hits all alike; then the key-id timing check (issue 9 #6).
//
// Knobs (environment): BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (10),
// BENCH_CONNECTIONS (50), BENCH_TIMING_REQUESTS (2000 of each kind), BENCH_DATABASE_URL (default:
// a temp SQLite file), GATEHOUSE_SERVER_ENTRY.
import os from 'node:os';
import autocannon from 'autocannon';
import { timeKeyIds } from './key-timing.js';
import {
  cpuSeconds,
  createApiKey,
  createScope,
  serverEntry,
  signUp,
  startBare,
  startBetterAuth,
  startGatehouse,
} from './harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

// Issue 13's targets.
const TARGET_COOKIE_VS_BA = 0.25;
const TARGET_KEY_VS_BA = 0.35;
const TARGET_P99_MS = 50;

function load(url, headers, duration) {
  return autocannon({ url, headers, connections: CONNECTIONS, pipelining: 1, duration });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mark = (ok) => (ok ? 'met' : 'NOT met');

async function main() {
  const scope = createScope();
  try {
    console.log(`server: ${serverEntry}; Node ${process.version}`);
    const gatehouse = await startGatehouse(scope);
    const cookie = await signUp(gatehouse);
    const key = await createApiKey(gatehouse, cookie);
    const meUrl = `${gatehouse.url}/trpc/me.get`;
    const probe = await fetch(meUrl, { headers: { cookie } });
    const body = await probe.text();
    if (probe.status !== 200) throw new Error(`me.get answered ${probe.status}: ${body}`);
    const bare = await startBare(scope, body);
    const baOff = await startBetterAuth(scope, { cookieCache: false });
    const baOn = await startBetterAuth(scope, { cookieCache: true });

    const target = (name, url, headers, child) => ({ name, url, headers, child, rounds: [], cpu: 0 });
    const targets = [
      target('bare node:http', bare.url, {}, bare.child),
      target('BA get-session, cache off', `${baOff.url}/api/auth/get-session`, { cookie: baOff.cookie }, baOff.child),
      target('BA get-session, cache on', `${baOn.url}/api/auth/get-session`, { cookie: baOn.cookie }, baOn.child),
      target('BA verifyApiKey', `${baOff.url}/key/me`, { 'x-api-key': baOff.key }, baOff.child),
      target('gatehouse me.get, cookie', meUrl, { cookie }, gatehouse.child),
      target('gatehouse me.get, key', meUrl, { authorization: `Bearer ${key}` }, gatehouse.child),
    ];
    const width = Math.max(...targets.map((t) => t.name.length));
    console.log(
      `me.get body ${Buffer.byteLength(body)} B; ${CONNECTIONS} connections, pipelining 1; ` +
        `${WARMUP_SECONDS} s warm-up each, then ${ROUNDS} interleaved rounds of ${SECONDS} s`,
    );
    for (const t of targets) await load(t.url, t.headers, WARMUP_SECONDS);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of targets) {
        const cpuBefore = cpuSeconds(t.child);
        const r = await load(t.url, t.headers, SECONDS);
        const cpu = cpuSeconds(t.child) - cpuBefore;
        t.cpu += cpu;
        t.rounds.push(r);
        console.log(
          `  round ${round} ${t.name.padEnd(width)} ${fmt(r.requests.average, 0).padStart(7)} req/s  ` +
            `p50 ${fmt(r.latency.p50)} ms  p99 ${fmt(r.latency.p99)} ms  ` +
            `server CPU ${fmt((1e6 * cpu) / r.requests.total, 0)} µs/req  non-2xx ${r.non2xx}  errors ${r.errors}`,
        );
      }
    }

    const rows = new Map(
      targets.map((t) => {
        const total = t.rounds.reduce((n, r) => n + r.requests.total, 0);
        return [
          t.name,
          {
            name: t.name,
            rps: mean(t.rounds.map((r) => r.requests.average)),
            p50: mean(t.rounds.map((r) => r.latency.p50)),
            // The worst round's p99: a tail that shows up once is still a tail.
            p99: Math.max(...t.rounds.map((r) => r.latency.p99)),
            non2xx: t.rounds.reduce((n, r) => n + r.non2xx, 0),
            errors: t.rounds.reduce((n, r) => n + r.errors + r.timeouts, 0),
            total,
            cpu: (1e6 * t.cpu) / total,
          },
        ];
      }),
    );
    const row = (name) => rows.get(name);
    const baSession = row('BA get-session, cache off');
    const baKey = row('BA verifyApiKey');
    const meCookie = row('gatehouse me.get, cookie');
    const meKey = row('gatehouse me.get, key');
    const versus = (r) =>
      r.name.startsWith('gatehouse') && r.name.endsWith('key')
        ? `${(r.cpu / baKey.cpu).toFixed(2)}× BA verifyApiKey`
        : r.name.startsWith('gatehouse')
          ? `${(r.cpu / baSession.cpu).toFixed(2)}× BA get-session`
          : '';

    console.log('');
    console.log(
      `${'target'.padEnd(width)}  ${'CPU µs/req'.padStart(10)}  ${'vs Better Auth'.padStart(22)}  ${'req/s'.padStart(7)}  ` +
        `${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'requests'.padStart(9)}  non-2xx  errors`,
    );
    for (const r of rows.values()) {
      console.log(
        `${r.name.padEnd(width)}  ${fmt(r.cpu, 0).padStart(10)}  ${versus(r).padStart(22)}  ${fmt(r.rps, 0).padStart(7)}  ` +
          `${fmt(r.p50).padStart(7)}  ${fmt(r.p99).padStart(7)}  ${String(r.total).padStart(9)}  ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}`,
      );
    }
    console.log('');
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${os.availableParallelism()} CPUs`);
    const cookieRatio = meCookie.cpu / baSession.cpu;
    const keyRatio = meKey.cpu / baKey.cpu;
    console.log(`cookie me.get CPU ${(cookieRatio).toFixed(2)}× BA get-session (cache off), target ≤ ${TARGET_COOKIE_VS_BA}×: ${mark(cookieRatio <= TARGET_COOKIE_VS_BA)}`);
    console.log(`cookie me.get p99 ${fmt(meCookie.p99)} ms, target ≤ ${TARGET_P99_MS} ms: ${mark(meCookie.p99 <= TARGET_P99_MS)}`);
    console.log(`key me.get CPU ${(keyRatio).toFixed(2)}× BA verifyApiKey, target ≤ ${TARGET_KEY_VS_BA}×: ${mark(keyRatio <= TARGET_KEY_VS_BA)}`);
    console.log(`key me.get CPU ${(meKey.cpu / meCookie.cpu).toFixed(2)}× cookie me.get, target ≤ 1×: ${mark(meKey.cpu <= meCookie.cpu)}`);
    for (const r of rows.values()) {
      if (r.non2xx > 0 || r.errors > 0) console.log(`WARNING: ${r.name}: ${r.non2xx} non-2xx answers, ${r.errors} errors/timeouts`);
    }

    console.log('');
    await timeKeyIds(gatehouse, key);
  } finally {
    await scope.cleanup();
  }
}

// A benchmark, not a test: missed targets do not fail it; only a broken setup does.
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
