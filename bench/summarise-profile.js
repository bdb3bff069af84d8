// Where did the CPU go? Reads a V8 .cpuprofile and prints self time by package and by function,
// and inclusive time of the functions that matter for a request.
//
//   node bench/summarise-profile.js <file.cpuprofile> [topN] [skip-first-ms]
import { readFileSync } from 'node:fs';

/** Which package (or runtime area) a frame belongs to: the unit worth optimising. */
export function ownerOf(frame) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm) return pnpm[1];
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plain) return plain[1];
  if (url.startsWith('node:internal/deps/')) return `node:${url.split('/')[2]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const own = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (own) return `@gatehouse/${own[2]}`;
  return url;
}

/** Coarser buckets, the ones a decision is made on. */
const CATEGORIES = [
  ['ORM: MikroORM + knex query building, hydration, identity map, pool', /^(@mikro-orm\/|knex$|tarn$|dataloader$|lodash|sqlstring|debug$)/],
  ['SQLite driver calls (sqlite3 binding, main thread)', /^sqlite3$/],
  ['tRPC (resolveResponse, middleware chain, error shapes)', /^@trpc\//],
  ['fetch API glue (undici Request/Headers/Response, web streams, AbortSignal, DOMException)', /^node:(undici|internal\/webstreams|internal\/abort_controller|internal\/per_context|internal\/event_target|internal\/worker)/],
  ['async_hooks / AsyncLocalStorage', /^node:(internal\/async_hooks|async_hooks)/],
  ['Fastify, helmet, router, logger', /^(fastify|@fastify\/|helmet|find-my-way|avvio|pino|light-my-request|fast-json-stringify|fast-querystring|fast-uri|safe-regex2|ret|proxy-addr|@lukeed\/ms|abstract-logging|content-type|process-warning|rfdc|secure-json-parse|toad-cache|json-schema-ref-resolver)/],
  ['Node HTTP, net, streams, events, timers', /^node:/],
  ['Gatehouse code, Lucia, zod', /^(@gatehouse\/|lucia|oslo|zod|@oslojs)/],
  ['garbage collector', /^\(garbage collector\)$/],
  ['V8/C++ not attributed to JS ((program), native calls)', /^\((program|native)\)$/],
];
const categoryOf = (owner) => CATEGORIES.find(([, re]) => re.test(owner))?.[0] ?? 'other';

const short = (url) => url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*\/(apps|packages)\//, '$1/');

/**
 * @param profile a parsed .cpuprofile
 * @param options.topN how many functions to list
 * @param options.fromMs ignore samples before this many ms after the profile started (start-up)
 */
export function summarise(profile, { topN = 25, fromMs = 0 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map();
  const total = { us: 0 };
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    clock += dt;
    if (clock < fromMs * 1000) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total.us += dt;
  });
  const idle = [...selfUs].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busy = total.us - idle;

  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  const byOwner = new Map();
  const byCategory = new Map();
  const byFunction = new Map();
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    add(byOwner, ownerOf(frame), us);
    add(byCategory, categoryOf(ownerOf(frame)), us);
    add(byFunction, `${frame.functionName || '(anonymous)'}  ${short(frame.url)}:${frame.lineNumber + 1}`, us);
    // Inclusive: every distinct function on the sampled stack gets the sample once.
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n).callFrame;
      if (!f.url) continue;
      const key = `${f.functionName || '(anonymous)'}  ${short(f.url)}:${f.lineNumber + 1}`;
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, us);
      }
    }
  }

  const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines = [];
  lines.push(`profile: ${(total.us / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total.us).toFixed(0)} % of the main thread); percentages are of busy time`);
  lines.push('', 'self time by category:');
  for (const [k, us] of top(byCategory, 20)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  lines.push('', 'self time by package / runtime area:');
  for (const [k, us] of top(byOwner, 20)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  lines.push('', `top ${topN} functions by self time:`);
  for (const [k, us] of top(byFunction, topN)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  lines.push('', `top ${topN} functions by inclusive (synchronous stack) time:`);
  for (const [k, us] of top(inclusive, topN)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, topN, fromMs] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/summarise-profile.js <file.cpuprofile> [topN] [skip-first-ms]');
    process.exit(2);
  }
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')), { topN: Number(topN ?? 25), fromMs: Number(fromMs ?? 0) }));
}
