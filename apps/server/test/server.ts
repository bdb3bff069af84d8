import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase } from '@gatehouse/db/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { parseEnv } from '../src/env.js';

export interface RunningServer {
  url: string;
  origin: string;
  app: FastifyInstance;
  orm: Orm;
  /** The database it serves, for a second instance on the same one. */
  databaseUrl: string;
  logs(): string;
  close(): Promise<void>;
}

export const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** A real HTTP server on a free port, over a fresh database, as `pnpm start` would run it. */
export async function startServer(
  env: Record<string, string> = {},
  options: {
    databaseUrl?: string;
    /** false: API only, as when the web app was not built. */
    web?: boolean;
    /** Run the background job runner, as `pnpm start` does. */
    jobs?: boolean;
  } = {},
): Promise<RunningServer> {
  // Another instance on an existing database leaves that database to its first server.
  const db = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase();
  const orm = await openDatabase(db.url);
  const logStream = new PassThrough();
  let logs = '';
  logStream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  // Bind first to learn the port, since APP_ORIGIN must name it exactly.
  const probe = await import('node:net').then(
    (net) =>
      new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => resolve(port));
        });
      }),
  );
  const parsed = parseEnv({ PORT: String(probe), HOST: '127.0.0.1', DATABASE_URL: db.url, LOG_LEVEL: 'info', ...env });
  const app = await buildApp({ env: parsed, orm, webDist: options.web === false ? undefined : webDist, logStream, jobs: options.jobs ?? false });
  await app.listen({ port: probe, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${probe}`;
  return {
    url,
    origin: parsed.APP_ORIGIN,
    app,
    orm,
    databaseUrl: db.url,
    logs: () => logs,
    async close() {
      await app.close();
      await orm.close(true);
      await db.drop();
    },
  };
}
