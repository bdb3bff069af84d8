// me.exportData for a user with 1,000,000 audit events, over HTTP against the built server, the
// way a script with a key calls it (a plain POST, no streaming link): time to the first byte,
// total time, size, and the server process's peak RSS while it writes the document, against its
// RSS before. Targets (issue 13): peak RSS under 150 MB, first byte within 200 ms.
//
// Knobs (environment): BENCH_EVENTS (1000000), BENCH_DATABASE_URL is not used (SQLite only: the
// bench seeds the server's database file directly).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApiKey, createScope, repoRoot, signUp, startGatehouse } from './harness.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const TARGET_RSS_MB = 150;
const TARGET_FIRST_BYTE_MS = 200;

const requireFromDb = createRequire(join(repoRoot, 'packages/db/package.json'));
const { newId } = await import(pathToFileURL(join(repoRoot, 'packages/db/dist/ids.js')).href);

/** Resident set size of a process, in MB (Linux). */
function rssMb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Writes `count` audit events straight into the server's SQLite file (the server is idle meanwhile). */
async function seed(file, userId, count) {
  const sqlite3 = createRequire(requireFromDb.resolve('@mikro-orm/sqlite'))('sqlite3');
  const db = new sqlite3.Database(file);
  const run = (sql, params = []) => new Promise((ok, fail) => db.run(sql, params, (err) => (err ? fail(err) : ok())));
  await run('pragma busy_timeout = 10000');
  const started = performance.now();
  const BATCH = 1000;
  const columns = ['id', 'actor_id', 'via', 'action', 'target_type', 'target_id', 'ip', 'user_agent', 'metadata', 'created_at'];
  const row = `(${columns.map(() => '?').join(',')})`;
  await run('begin');
  for (let i = 0; i < count; i += BATCH) {
    const n = Math.min(BATCH, count - i);
    const params = [];
    for (let j = 0; j < n; j++) {
      params.push(newId(), userId, 'session', 'profile.updated', 'user', userId, '203.0.113.7', 'Mozilla/5.0 (X11; Linux x86_64) bench');
      params.push(JSON.stringify({ fields: ['displayName'], n: i + j }), Date.now());
    }
    await run(`insert into audit_event (${columns.join(',')}) values ${Array(n).fill(row).join(',')}`, params);
  }
  await run('commit');
  // Fold the seeded pages into the database file now: left in the WAL, the server's next commit
  // (the export's own audit row) would run that 360 MB checkpoint and the first byte would pay for it.
  await run('pragma wal_checkpoint(TRUNCATE)');
  await new Promise((ok) => db.close(ok));
  return (performance.now() - started) / 1000;
}

/** One export over HTTP: first byte, total, bytes, whether it is one whole answer, and the server's peak RSS. */
async function exportOnce(server, key) {
  const before = rssMb(server.child.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.child.pid))), 10);
  const started = performance.now();
  const res = await fetch(`${server.url}/trpc/me.exportData`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  let firstByte = null;
  let bytes = 0;
  let head = '';
  let tail = '';
  for await (const chunk of res.body) {
    firstByte ??= performance.now() - started;
    bytes += chunk.length;
    if (head.length < 64) head += Buffer.from(chunk).toString('utf8', 0, 64);
    tail = (tail + Buffer.from(chunk).toString('utf8')).slice(-64);
  }
  const total = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(server.child.pid));
  const whole = res.status === 200 && head.startsWith('{"result":{"data":{"format":"gatehouse-export/v1"') && tail.endsWith(']}}}');
  return { status: res.status, firstByte, total, mb: bytes / 1e6, before, peak, whole };
}

async function main() {
  const scope = createScope();
  try {
    const server = await startGatehouse(scope);
    const cookie = await signUp(server);
    const key = await createApiKey(server, cookie);
    const me = await (await fetch(`${server.url}/trpc/me.get`, { headers: { cookie } })).json();
    const baseline = await exportOnce(server, key);
    const seconds = await seed(join(server.dir, 'gatehouse.db'), me.result.data.id, EVENTS);
    console.log(`seeded ${EVENTS.toLocaleString('en-US')} audit events in ${seconds.toFixed(1)} s`);
    const heavy = await exportOnce(server, key);
    const line = (name, r) =>
      `${name.padEnd(26)} ${String(r.status).padStart(6)} ${r.firstByte.toFixed(0).padStart(12)} ms ${(r.total / 1000).toFixed(1).padStart(8)} s ` +
      `${r.mb.toFixed(1).padStart(9)} MB ${r.before.toFixed(0).padStart(9)} MB ${r.peak.toFixed(0).padStart(9)} MB  ${r.whole ? 'yes' : 'NO'}`;
    console.log(`${'export of'.padEnd(26)} status   first byte      total    document  RSS before  RSS peak  one whole answer`);
    console.log(line('a new user (baseline)', baseline));
    console.log(line(`${EVENTS.toLocaleString('en-US')} audit events`, heavy));
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${os.availableParallelism()} CPUs`);
    const mark = (ok) => (ok ? 'met' : 'NOT met');
    console.log(`peak RSS ${heavy.peak.toFixed(0)} MB, target < ${TARGET_RSS_MB} MB: ${mark(heavy.peak < TARGET_RSS_MB)}`);
    console.log(`first byte ${heavy.firstByte.toFixed(0)} ms, target ≤ ${TARGET_FIRST_BYTE_MS} ms: ${mark(heavy.firstByte <= TARGET_FIRST_BYTE_MS)}`);
  } finally {
    await scope.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
