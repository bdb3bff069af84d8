// pnpm --filter @gatehouse/bench profile: where does a cookie-authenticated me.get spend its time?
// Runs the built server under `node --cpu-prof`, loads me.get like the benchmark does, stops the
// server gracefully (which writes the profile) and prints the summary. Also counts the SQL
// statements one me.get costs, using the database's own counters where it has them.
//
// Knobs: PROFILE_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (50), PROFILE_KEEP=1 keeps the .cpuprofile,
// GATEHOUSE_SERVER_ENTRY, BENCH_DATABASE_URL (as for the benchmark).
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, createScope, serverEntry, signUp, startGatehouse, stopChild } from './harness.js';
import { summarise } from './summarise-profile.js';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function main() {
  const scope = createScope();
  try {
    const profDir = await scope.tempDir('gatehouse-prof-');
    const spawnedAt = performance.now();
    const server = await startGatehouse(scope, { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] });
    const cookie = await signUp(server);
    const url = `${server.url}/trpc/me.get`;
    const load = (duration) => autocannon({ url, headers: { cookie }, connections: CONNECTIONS, pipelining: 1, duration });
    console.log(`profiling ${serverEntry}: ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s of me.get, ${CONNECTIONS} connections`);
    await load(WARMUP_SECONDS);
    // Start-up, sign-up and warm-up are left out of the summary: steady state is what we tune.
    const measuredFromMs = performance.now() - spawnedAt;
    const cpuBefore = cpuSeconds(server.child);
    const r = await load(SECONDS);
    const cpuPerRequest = (1e6 * (cpuSeconds(server.child) - cpuBefore)) / r.requests.total;
    console.log(
      `${r.requests.total} requests, ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
        `non-2xx ${r.non2xx}, server CPU ${cpuPerRequest.toFixed(0)} µs/request (profiler overhead included)`,
    );
    await stopChild(server.child);
    const [file] = (await readdir(profDir)).filter((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no .cpuprofile');
    if (process.env.PROFILE_KEEP) {
      await copyFile(join(profDir, file), join(process.cwd(), file));
      console.log(`kept ${join(process.cwd(), file)}`);
    }
    console.log('');
    console.log(summarise(JSON.parse(await readFile(join(profDir, file), 'utf8')), { fromMs: measuredFromMs }));
  } finally {
    await scope.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
