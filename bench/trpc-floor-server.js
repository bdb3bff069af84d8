// The framework floors: Fastify + tRPC answering one query with me.get's data, no auth.
// FLOOR=adapter mounts tRPC's own Fastify adapter; FLOOR=direct mounts it as Gatehouse does
// (apps/server/src/trpc-mount.ts: queries answered by calling the router directly);
// FLOOR=direct+sqlite also reads one session row by token hash, straight through the sqlite3
// driver (no ORM, no query builder, no pool): the least any design that looks its session up in
// SQLite on every request can cost. What Gatehouse pays above the floors is its own work.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness.js';

const fromServer = createRequire(join(repoRoot, 'apps/server/package.json'));
const load = (name) => import(pathToFileURL(fromServer.resolve(name)).href);
const { default: Fastify } = await load('fastify');
const { initTRPC } = await load('@trpc/server');
const { fastifyTRPCPlugin } = await load('@trpc/server/adapters/fastify');
const { mountTrpc } = await import(pathToFileURL(join(repoRoot, 'apps/server/dist/trpc-mount.js')).href);

let lookUpSession = () => Promise.resolve();
if (process.env.FLOOR === 'direct+sqlite') {
  const fromDriver = createRequire(createRequire(join(repoRoot, 'packages/db/package.json')).resolve('@mikro-orm/sqlite'));
  const sqlite3 = fromDriver('sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-floor-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const db = new sqlite3.Database(join(dir, 'floor.db'));
  const run = (sql, params = []) => new Promise((ok, fail) => db.run(sql, params, (err) => (err ? fail(err) : ok())));
  await run('pragma journal_mode = wal');
  await run('create table session (id text primary key, token_hash text not null unique, user_id text not null, created_at integer not null)');
  const tokenHash = createHash('sha256').update('a-session-token').digest('hex');
  await run('insert into session values (?, ?, ?, ?)', ['s1', tokenHash, 'u1', Date.now()]);
  lookUpSession = () =>
    new Promise((ok, fail) =>
      db.get('select id, user_id, created_at from session where token_hash = ?', [createHash('sha256').update('a-session-token').digest('hex')], (err, row) =>
        err || !row ? fail(err ?? new Error('no session')) : ok(row),
      ),
    );
}
const data = JSON.parse(process.env.BODY ?? '{"result":{"data":{}}}').result.data;
const t = initTRPC.create();
const router = t.router({
  me: t.router({
    get: t.procedure.query(async () => {
      await lookUpSession();
      return data;
    }),
  }),
});
const app = Fastify({ logger: false });
if (process.env.FLOOR === 'adapter') {
  await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
} else {
  await app.register((scope, _opts, done) => {
    mountTrpc(scope, '/trpc', { router, createContext: () => ({}), responseHeaders: () => ({}), onError: () => {}, maxBatchSize: 10 });
    done();
  });
}
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => process.exit(0));
process.send?.('ready');
