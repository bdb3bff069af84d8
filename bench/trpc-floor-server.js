// The framework floor: Fastify + tRPC answering one query with me.get's data, no auth, no
// database. FLOOR=adapter mounts tRPC's own Fastify adapter; FLOOR=direct mounts it as Gatehouse
// does (apps/server/src/trpc-mount.ts: queries answered by calling the router directly). What
// Gatehouse pays on top of the direct floor is its own work.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness.js';

const fromServer = createRequire(join(repoRoot, 'apps/server/package.json'));
const load = (name) => import(pathToFileURL(fromServer.resolve(name)).href);
const { default: Fastify } = await load('fastify');
const { initTRPC } = await load('@trpc/server');
const { fastifyTRPCPlugin } = await load('@trpc/server/adapters/fastify');
const { mountTrpc } = await import(pathToFileURL(join(repoRoot, 'apps/server/dist/trpc-mount.js')).href);

const data = JSON.parse(process.env.BODY ?? '{"result":{"data":{}}}').result.data;
const t = initTRPC.create();
const router = t.router({ me: t.router({ get: t.procedure.query(() => data) }) });
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
process.send?.('ready');
