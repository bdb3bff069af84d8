// The built `gatehouse` CLI against a real server: API keys minted over HTTP drive it, a key's
// scopes bound what it can do, an unknown or revoked key is refused by the server, a malformed
// key never leaves the machine, and each promised exit code comes from a real answer (or a real
// server's silence).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatehouseClient } from '../../cli/src/client.js';
import { explainError } from '../../cli/src/errors.js';
import { Organization } from '@gatehouse/db';
import { startServer, type RunningServer } from './server.js';
import { verifyAddress } from './mailed-link.js';

const cliMain = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gatehouse(
  args: string[],
  env: { GATEHOUSE_URL: string; GATEHOUSE_API_KEY: string; GATEHOUSE_TIMEOUT_SECONDS?: string },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function post(s: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.origin, ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res;
}

let s: RunningServer;
let apiKey: string;
let orgReadKey: string;
let revokedKey: string;
const user = { email: `cli-${Date.now()}@example.com`, displayName: 'Cli Tester', orgName: 'Cli Org' };

beforeAll(async () => {
  if (!existsSync(cliMain)) throw new Error(`${cliMain} is missing: build the CLI first (pnpm --filter @gatehouse/cli build)`);
  s = await startServer();
  const signUp = await post(s, 'auth.signUp', { ...user, password: 'a perfectly fine passphrase' });
  const cookie = signUp.headers
    .getSetCookie()
    .find((c) => c.startsWith('session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('sign-up set no session cookie');
  await verifyAddress(s, user.email);
  // Signing up opens the sudo window, which minting a key needs.
  const mint = async (name: string, scopes = ['profile:read']) => {
    const created = await post(s, 'me.apiKeys.create', { name, scopes, expiresInDays: 7 }, { cookie });
    return ((await created.json()) as { result: { data: { key: { id: string }; secret: string } } }).result.data;
  };
  apiKey = (await mint('cli test')).secret;
  orgReadKey = (await mint('cli test, org', ['profile:read', 'org:read'])).secret;
  const revoked = await mint('cli test, revoked');
  await post(s, 'me.apiKeys.delete', { keyId: revoked.key.id }, { cookie });
  revokedKey = revoked.secret;
});
afterAll(() => s?.close());

describe('gatehouse CLI', () => {
  it('whoami prints the key owner', async () => {
    const r = await gatehouse(['whoami'], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: apiKey });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Name +${user.displayName}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^Email +${user.email.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(r.stdout).toMatch(/^Organisation +Cli Org \(/m);
    expect(r.stdout).toMatch(/^Role +owner$/m);
    expect(r.stdout).toMatch(/^Via +API key$/m);
    // The key's scopes cap the owner's rights.
    expect(r.stdout).toMatch(/^Permissions +profile:read$/m);
  });

  it('whoami with the key of someone their organisation requires two-factor of says what to do, with exit 4', async () => {
    // Its own organisation, so the policy touches no other test's key.
    const blocked = { email: `cli-mfa-${Date.now()}@example.com`, displayName: 'Cli Blocked', orgName: 'Cli Policy Org' };
    const signUp = await post(s, 'auth.signUp', { ...blocked, password: 'a perfectly fine passphrase' });
    const cookie = signUp.headers.getSetCookie().find((c) => c.startsWith('session='))?.split(';')[0] ?? '';
    await verifyAddress(s, blocked.email);
    const created = await post(s, 'me.apiKeys.create', { name: 'cli blocked', scopes: ['profile:read'], expiresInDays: 7 }, { cookie });
    const key = ((await created.json()) as { result: { data: { secret: string } } }).result.data.secret;
    const env = { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: key };
    expect((await gatehouse(['whoami'], env)).code).toBe(0);

    // The policy as orgAdmin.settings.update leaves it (an owner who has two-factor turned it on).
    // The key's owner has no second factor, so from now on the key is refused.
    const em = s.orm.em.fork();
    expect(await em.nativeUpdate(Organization, { name: blocked.orgName }, { requireMfa: true })).toBe(1);

    const r = await gatehouse(['whoami'], env);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('MFA_ENROLLMENT_REQUIRED');
    expect(r.stderr).toContain('Sign in to the web app, set up two-factor authentication');
    expect(r.stderr).not.toContain(key);
    const json = await gatehouse(['whoami', '--json'], env);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { reason: 'MFA_ENROLLMENT_REQUIRED', exitCode: 4 } });
  });

  it('whoami --json prints the profile as JSON', async () => {
    const r = await gatehouse(['whoami', '--json'], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: apiKey });
    expect(r.code).toBe(0);
    const me = JSON.parse(r.stdout) as { email: string; displayName: string; via: string; permissions: string[] };
    expect(me).toMatchObject({ email: user.email, displayName: user.displayName, via: 'apiKey', permissions: ['profile:read'] });
  });

  it('export --out writes the caller\'s own gatehouse-export/v1 document, owner-readable only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
    try {
      const out = join(dir, 'export.json');
      const r = await gatehouse(['export', '--out', out], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: apiKey });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const document = JSON.parse(await readFile(out, 'utf8')) as { format: string; profile: { email: string } };
      expect(document.format).toBe('gatehouse-export/v1');
      expect(document.profile.email).toBe(user.email);
      expect((await stat(out)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('members list needs a key with org:read, and then lists the organisation', async () => {
    const denied = await gatehouse(['members', 'list'], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: apiKey });
    expect(denied.code).toBe(4);
    expect(denied.stderr).toContain('This API key lacks the scope needed (org:read)');

    const r = await gatehouse(['members', 'list', '--all', '--limit', '1'], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: orgReadKey });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^USER ID +NAME +EMAIL +ROLE/);
    expect(r.stdout).toMatch(new RegExp(`${user.displayName} +${user.email.replace(/[.]/g, '\\.')} +owner`));
  });

  it.each([
    // Right shape, never issued (the server's checksum or lookup refuses it).
    ['never issued', () => apiKey.replace(/^gate_(\w{8})_/, 'gate_ZZZZZZZZ_')],
    // Issued, then deleted: found by its id, refused as revoked.
    ['revoked', () => revokedKey],
  ])('a key that was %s is refused by the server with exit 3', async (_label, key) => {
    const r = await gatehouse(['whoami'], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: key() });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gatehouse: The API key is invalid, expired or revoked.\n');
  });

  it('input the server refuses (VALIDATION) exits 2, with what was wrong', async () => {
    const r = await gatehouse(['members', 'list', '--limit', '101'], { GATEHOUSE_URL: s.url, GATEHOUSE_API_KEY: orgReadKey });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gatehouse: Invalid input:\n {2}limit: .*100.*\n$/);
  });

  it('a session-only procedure answers a key with SESSION_REQUIRED, which the CLI turns into exit 4', async () => {
    // No command of today's CLI calls a session-only procedure, so the CLI's own client and error
    // mapping (what every command runs through) are driven directly against the server.
    const client = createGatehouseClient({ url: s.url, apiKey, timeoutMs: 10_000 });
    const answer = await client.me.sessions.list.query().then(
      () => expect.unreachable('a key listed sessions'),
      (error: unknown) => error,
    );
    const failure = explainError(answer, { url: s.url, scope: 'profile:read' });
    expect({ exitCode: failure.exitCode, reason: failure.reason, message: failure.message }).toEqual({
      exitCode: 4,
      reason: 'SESSION_REQUIRED',
      message: 'This action needs an interactive session, not an API key. Use the web app for this.',
    });
  });

  it('gives up on a server that never answers after GATEHOUSE_TIMEOUT_SECONDS, with exit 6', async () => {
    const held: IncomingMessage[] = [];
    let hungUpOn = 0;
    // Takes the request and says nothing, like a wedged proxy or a black-holed upstream.
    const silent = createHttpServer((req) => {
      held.push(req);
      req.socket.on('close', () => hungUpOn++);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const r = await gatehouse(['whoami'], { GATEHOUSE_URL: url, GATEHOUSE_API_KEY: apiKey, GATEHOUSE_TIMEOUT_SECONDS: '1' });
      expect(r.code).toBe(6);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`gatehouse: Gatehouse at ${url} did not answer in time.\n`);
      // It was the CLI that gave up: the request arrived, was never answered, and the CLI hung up.
      expect(held.map((req) => req.url)).toEqual(['/trpc/me.get']);
      await expect.poll(() => hungUpOn).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a malformed key exits 3 without any connection being made', async () => {
    let connections = 0;
    const listener: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = listener.address() as { port: number };
      const r = await gatehouse(['whoami'], { GATEHOUSE_URL: `http://127.0.0.1:${port}`, GATEHOUSE_API_KEY: `${apiKey.slice(0, -3)}` });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('GATEHOUSE_API_KEY is malformed');
      expect(r.stderr).not.toContain(apiKey.slice(0, -3));
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
