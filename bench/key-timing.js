// Key-id timing (issue 9 #6): can response time tell a real key id from a made-up one? Sends
// well-formed keys (valid checksum) one at a time over one keep-alive connection: the real id with
// a wrong secret, and an id nobody holds, strictly alternating so that machine noise hits both
// alike, and compares the median latencies. Target: medians within 10 %. Also runs on its own:
// `node bench/key-timing.js`.
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApiKey, createScope, repoRoot, signUp, startGatehouse } from './harness.js';

const REQUESTS = Number(process.env.BENCH_TIMING_REQUESTS ?? 2000);
const TARGET_SPREAD = 0.1;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const randomBase62 = (n) => Array.from({ length: n }, () => BASE62[Math.floor(Math.random() * 62)]).join('');

/** The built API package's own key formatter, so the checksum is right and only the id or secret differs. */
async function keyFormatter() {
  return (await import(pathToFileURL(join(repoRoot, 'packages/api/dist/auth/api-key-format.js')).href)).formatApiKey;
}

function get(agent, url, authorization) {
  return new Promise((ok, fail) => {
    const started = process.hrtime.bigint();
    const req = request(url, { agent, headers: { authorization } }, (res) => {
      res.resume();
      res.on('end', () => ok({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode }));
    });
    req.on('error', fail);
    req.end();
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function timeKeyIds(server, realKey) {
  const formatApiKey = await keyFormatter();
  const realId = realKey.split('_')[1];
  const kinds = {
    'known id, wrong secret': () => formatApiKey(realId),
    'unknown id': () => formatApiKey(randomBase62(8)),
  };
  const url = `${server.url}/trpc/me.get`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const results = Object.fromEntries(Object.keys(kinds).map((k) => [k, { ms: [], statuses: {} }]));
  // Warm-up, both kinds.
  for (let i = 0; i < 200; i++) for (const make of Object.values(kinds)) await get(agent, url, `Bearer ${make()}`);
  for (let sent = 0; sent < REQUESTS; sent++) {
    for (const [kind, make] of Object.entries(kinds)) {
      const r = results[kind];
      const { ms, status } = await get(agent, url, `Bearer ${make()}`);
      r.ms.push(ms);
      r.statuses[status] = (r.statuses[status] ?? 0) + 1;
    }
  }
  agent.destroy();
  console.log(`key-id timing: ${REQUESTS} well-formed keys of each kind, one at a time, alternating`);
  const medians = {};
  for (const [kind, r] of Object.entries(results)) {
    medians[kind] = median(r.ms);
    const sorted = [...r.ms].sort((x, y) => x - y);
    console.log(
      `  ${kind.padEnd(24)} median ${medians[kind].toFixed(3)} ms  p90 ${sorted[Math.floor(0.9 * sorted.length)].toFixed(3)} ms  statuses ${JSON.stringify(r.statuses)}`,
    );
  }
  const [a, b] = Object.values(medians);
  const spread = Math.abs(a - b) / Math.min(a, b);
  console.log(`  medians differ by ${(100 * spread).toFixed(1)} %, target within ${100 * TARGET_SPREAD} %: ${spread <= TARGET_SPREAD ? 'met' : 'NOT met'}`);
  return { medians, spread };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scope = createScope();
  try {
    const server = await startGatehouse(scope);
    const key = await createApiKey(server, await signUp(server));
    await timeKeyIds(server, key);
  } finally {
    await scope.cleanup();
  }
}
