import './thread-pool.js';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@gatehouse/db';
import { buildApp } from './app.js';
import { parseEnv } from './env.js';

const env = parseEnv();
let migrated: string[] = [];
const orm = await openDatabase(env.DATABASE_URL, { onMigrated: (names) => (migrated = names) });
const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const app = await buildApp({ env, orm, webDist, jobs: true });

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  // Stop accepting, let in-flight requests finish, then release the database.
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  // Keep-alive connections whose last request ends while we drain would otherwise stay open until
  // the client hangs up: close each as soon as it is idle.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  await app.close();
  clearInterval(sweep);
  await orm.close();
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

if (migrated.length) app.log.info({ migrations: migrated }, 'database migrated');
// Only the configured origin is printed: the browser must use exactly that address (the origin
// check refuses 127.0.0.1 when it says localhost), so the bound socket address would mislead.
await app.listen({ port: env.PORT, host: env.HOST, listenTextResolver: () => `Gatehouse is listening: open ${env.APP_ORIGIN}` });
app.log.info({ origin: env.APP_ORIGIN }, `Gatehouse is ready at ${env.APP_ORIGIN}`);
