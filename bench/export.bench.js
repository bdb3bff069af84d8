// me.exportData for a user with 100,000 audit events: time and memory of the real procedure
// (principal from a session cookie, rate limit, keyset-paged reads, the whole JSON document), on
// the built packages, with a baseline measured in the same run: the same procedure for a user
// with no history.
//
// Knobs (environment): BENCH_EVENTS (100000), BENCH_RUNS (3),
// BENCH_DATABASE_URL (default: a temp SQLite file; a postgres:// URL must name an empty database).
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromServer = createRequire(join(repoRoot, 'apps/server/package.json'));
const load = (name) => import(pathToFileURL(requireFromServer.resolve(name)).href);
const db = await load('@gatehouse/db');
const api = await load('@gatehouse/api');

const dir = await mkdtemp(join(tmpdir(), 'gatehouse-export-bench-'));
const url = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
const orm = await db.openDatabase(url);
const config = { ...api.defaultApiConfig };
const rateLimits = api.createRateLimits(orm, { limits: { export: { points: 1000, durationSeconds: 3600 } } });
const postgres = url.startsWith('postgres');

try {
  const context = (cookieHeader) =>
    api.createContextInner({ orm, config, rateLimits, request: { origin: config.appOrigin, ip: '127.0.0.1', cookieHeader } });
  const account = async (email) => {
    const ctx = context(null);
    const { userId } = await api
      .createCaller(ctx)
      .auth.signUp({ email, password: 'benchmark passphrase 1', displayName: 'Bench', orgName: 'Bench' });
    return { userId, cookie: ctx.responseCookies[0].split(';')[0] };
  };
  const heavy = await account('heavy@example.com');
  const light = await account('light@example.com');

  const seeded = performance.now();
  const knex = orm.em.getConnection().getKnex();
  const BATCH = 50; // SQLite caps the terms of one compound insert
  for (let i = 0; i < EVENTS; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => ({
      id: db.newId(),
      actor_id: heavy.userId,
      via: 'session',
      action: 'profile.updated',
      target_type: 'user',
      target_id: heavy.userId,
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
      metadata: JSON.stringify({ fields: ['displayName'], n: i + j }),
      created_at: postgres ? new Date() : Date.now(),
    }));
    await knex.insert(rows).into('audit_event');
  }
  if (postgres) await knex.raw('analyze');
  console.log(`seeded ${EVENTS} audit events in ${((performance.now() - seeded) / 1000).toFixed(1)} s (${url.split(':')[0]})`);

  const measure = async (who) => {
    const times = [];
    let peak = 0;
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      globalThis.gc?.();
      const base = process.memoryUsage().heapUsed;
      let high = base;
      const sampler = setInterval(() => (high = Math.max(high, process.memoryUsage().heapUsed)), 2);
      const started = performance.now();
      const doc = await api.createCaller(context(who.cookie)).me.exportData();
      // What the HTTP layer does next: serialise the document.
      bytes = JSON.stringify(doc).length;
      times.push(performance.now() - started);
      clearInterval(sampler);
      peak = Math.max(peak, high - base);
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], peakMb: peak / 1e6, mb: bytes / 1e6 };
  };

  const baseline = await measure(light);
  const result = await measure(heavy);
  const row = (name, r) =>
    `${name.padEnd(28)} ${r.median.toFixed(0).padStart(8)} ms ${r.peakMb.toFixed(0).padStart(8)} MB ${r.mb.toFixed(1).padStart(8)} MB`;
  console.log(`${'export of'.padEnd(28)} ${'median'.padStart(11)} ${'peak heap'.padStart(11)} ${'document'.padStart(11)}`);
  console.log(row('a new user (baseline)', baseline));
  console.log(row(`${EVENTS} audit events`, result));
  console.log(
    `heap peak / document size: ${(result.peakMb / result.mb).toFixed(1)}× (bounded by the output, not by a hydrated object graph)`,
  );
} finally {
  await rateLimits.close();
  await orm.close(true);
  await rm(dir, { recursive: true, force: true });
}
