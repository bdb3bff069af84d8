// A client nobody here wrote against: python3 with only its standard library (urllib), reading
// the served OpenAPI document and calling /api with an API key, against the production server
// process (dist/main.js) started here on its own database. What it did is then checked through
// the server's other door (/trpc, with the owner's session).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from './mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from './scim-client.js';

const serverMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const pythonClient = fileURLToPath(new URL('./python/gatehouse_client.py', import.meta.url));

let server: ChildProcess;
let database: { url: string; drop(): Promise<void> };
let target: { url: string; origin: string };
/** The server's database, read only to find the verification link it mailed (the outbox). */
let orm: Orm;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: build the server first (pnpm build)`);
  database = await createTestDatabase();
  const port = await freePort();
  target = { url: `http://127.0.0.1:${port}`, origin: `http://localhost:${port}` };
  server = spawn(process.execPath, [serverMain], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, APP_ORIGIN: target.origin, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${target.url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (attempt > 150 || server.exitCode !== null) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  orm = await openDatabase(database.url);
});

afterAll(async () => {
  await orm?.close(true);
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await database?.drop();
});

describe('a Python client with the standard library', () => {
  it('drives the REST API with an API key, and the server holds what it did', async () => {
    const email = uniqueEmail('python');
    const signUp = await trpc<{ userId: string }>(target, 'auth.signUp', {
      email,
      password: PASSWORD,
      displayName: 'Python Owner',
      orgName: 'Snake Org',
    });
    const cookie = signUp.cookie!;
    await verifyAddress({ ...target, orm }, email);
    const mint = async (scopes: string[]) =>
      ok(await trpc<{ secret: string }>(target, 'me.apiKeys.create', { name: `python ${scopes.join(' ')}`, scopes, expiresInDays: 1 }, { cookie })).secret;
    const key = await mint(['profile:read', 'profile:write', 'org:read', 'org:write']);
    const readOnlyKey = await mint(['profile:read', 'org:read']);

    const python = await run('python3', [pythonClient], {
      GATEHOUSE_URL: target.url,
      GATEHOUSE_API_KEY: key,
      GATEHOUSE_READ_ONLY_KEY: readOnlyKey,
    });
    expect(python.stderr).toBe('');
    expect(python.code).toBe(0);
    const saw = JSON.parse(python.stdout) as {
      userId: string;
      teamId: string;
      deletedTeamId: string;
      teamNames: string[];
      displayName: string;
      operations: number;
    };
    expect(saw.operations).toBeGreaterThan(30);
    expect(saw.teamNames).toEqual(['Made in Python']);

    // The same facts through /trpc with the owner's session.
    const me = ok(await trpc<{ id: string; displayName: string; timezone: string }>(target, 'me.get', undefined, { cookie }, 'query'));
    expect(me).toMatchObject({ id: saw.userId, displayName: 'Py Thon', timezone: 'Europe/Paris' });
    const teams = ok(await trpc<{ id: string; name: string }[]>(target, 'orgAdmin.teams.list', undefined, { cookie }, 'query'));
    expect(teams.map((t) => t.id)).toEqual([saw.teamId]);
    const members = ok(await trpc<{ items: { userId: string }[] }>(target, 'orgAdmin.members.list', { teamId: saw.teamId }, { cookie }, 'query'));
    expect(members.items.map((m) => m.userId)).toEqual([saw.userId]);
    // Audited as the key's doing.
    const audit = ok(
      await trpc<{ items: { action: string; via: string }[] }>(target, 'orgAdmin.audit.list', { limit: 100 }, { cookie }, 'query'),
    );
    const byKey = audit.items.filter((e) => e.via === 'apiKey').map((e) => e.action);
    expect(byKey).toEqual(expect.arrayContaining(['team.created', 'team.deleted']));
  });
});
