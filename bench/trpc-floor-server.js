// The framework floor: Fastify + tRPC's Fastify adapter answering one query with me.get's data,
// no auth, no database. What Gatehouse pays on top of this is its own work.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness.js';

const fromServer = createRequire(join(repoRoot, 'apps/server/package.json'));
const load = (name) => import(pathToFileURL(fromServer.resolve(name)).href);
const { default: Fastify } = await load('fastify');
const { initTRPC } = await load('@trpc/server');
const { fastifyTRPCPlugin } = await load('@trpc/server/adapters/fastify');

const data = JSON.parse(process.env.BODY ?? '{"result":{"data":{}}}').result.data;
const t = initTRPC.create();
const router = t.router({ me: t.router({ get: t.procedure.query(() => data) }) });
const app = Fastify({ logger: false });
await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
