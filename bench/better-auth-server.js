// The peer users would pick instead of Gatehouse: Better Auth 1.x with its API-key plugin on
// SQLite, set up the way its documentation shows (betterAuth({ database }) over Node's built-in
// `node:sqlite`, one of the SQLite drivers its SQLite page lists; schema from its own migrator;
// `toNodeHandler` on node:http). Two things differ from the defaults, each so that the bench
// measures authentication and not a refusal: Better Auth's per-IP request limiter and the
// API-key plugin's per-key limiter (10 a day by default) are off, as Gatehouse's me.get has no
// limiter either. COOKIE_CACHE=1 turns on its session cookie cache (a signed copy of the session
// in a second cookie, so get-session skips the database while it is fresh), for an hour so that
// it stays fresh for the whole run.
//
// Routes: GET /api/auth/get-session (Better Auth's own), and GET /key/me, which does what a
// Better Auth app does with a key: `auth.api.verifyApiKey({ body: { key } })`, answering the
// verified key's owner id. On start it signs one user up and mints one key for them, and sends
// { cookie, key } to the parent.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';

const port = Number(process.env.PORT);
const baseURL = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'better-auth-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const database = new DatabaseSync(join(dir, 'auth.db'));
// WAL, as Gatehouse's own SQLite connection runs.
database.exec('pragma journal_mode = wal');

const auth = betterAuth({
  database,
  baseURL,
  secret: 'a bench-only secret of at least thirty-two characters',
  emailAndPassword: { enabled: true },
  session: { cookieCache: { enabled: process.env.COOKIE_CACHE === '1', maxAge: 60 * 60 } },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  plugins: [apiKey({ rateLimit: { enabled: false } })],
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const handler = toNodeHandler(auth);
const server = createServer((req, res) => {
  if (req.url === '/key/me') {
    void verifyKey(req, res);
    return;
  }
  void handler(req, res);
});

async function verifyKey(req, res) {
  try {
    const key = req.headers['x-api-key'];
    const result = typeof key === 'string' ? await auth.api.verifyApiKey({ body: { key } }) : { valid: false };
    const body = JSON.stringify(result.valid ? { userId: result.key.referenceId ?? result.key.userId } : { error: 'invalid key' });
    res.writeHead(result.valid ? 200 : 401, { 'content-type': 'application/json' }).end(body);
  } catch {
    res.writeHead(500).end();
  }
}

await new Promise((ok) => server.listen(port, '127.0.0.1', ok));

const signUp = await auth.api.signUpEmail({
  body: { email: `bench-${Date.now()}@example.com`, password: 'a perfectly fine passphrase', name: 'Bench User' },
  returnHeaders: true,
});
const cookie = signUp.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const created = await auth.api.createApiKey({ body: { userId: signUp.response.user.id, name: 'bench' } });

process.once('SIGTERM', () => server.close(() => process.exit(0)));
process.send?.({ cookie, key: created.key });
