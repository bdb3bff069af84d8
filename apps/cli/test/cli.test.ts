// The CLI's contract with its users: what it prints, which exit code a script can branch on,
// and that a bad key never leaves the machine.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellFormedApiKey, readConfig } from '../src/env.js';
import { humanDuration } from '../src/errors.js';
import { runCli } from '../src/program.js';
import { captureIo, fakeGatehouse, ok, trpcError, VALID_KEY, type RecordedRequest } from './fake-server.js';

const profile = {
  id: 'u1',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  phone: null,
  timezone: 'UTC',
  locale: 'en',
  jobTitle: null,
  department: null,
  role: 'owner',
  org: { id: 'o1', name: 'Engines' },
  teams: [],
  permissions: ['profile:read', 'org:read'],
  via: 'apiKey',
};

async function run(argv: string[], route: (req: RecordedRequest) => ReturnType<typeof ok>, env: Record<string, string | undefined> = {}) {
  const server = fakeGatehouse(route);
  const io = captureIo(env, server.fetch);
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr(), requests: server.requests };
}

describe('gatehouse whoami', () => {
  it('asks me.get by GET with the key as a bearer token, and prints who it is', async () => {
    const r = await run(['whoami'], () => ok(profile));
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.method).toBe('GET');
    expect(r.requests[0]!.url.pathname).toBe('/trpc/me.get');
    expect(r.requests[0]!.headers.get('authorization')).toBe(`Bearer ${VALID_KEY}`);
    expect(r.stdout).toMatch(/^Name +Ada Lovelace$/m);
    expect(r.stdout).toMatch(/^Email +ada@example\.com$/m);
    expect(r.stdout).toMatch(/^Organisation +Engines \(o1\)$/m);
    expect(r.stdout).toMatch(/^Role +owner$/m);
    expect(r.stdout).toMatch(/^Via +API key$/m);
    expect(r.stdout).toMatch(/^Permissions +profile:read, org:read$/m);
  });

  it('prints the profile as JSON with --json, before or after the command', async () => {
    for (const argv of [['--json', 'whoami'], ['whoami', '--json']]) {
      const r = await run(argv, () => ok(profile));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(profile);
    }
  });

  it('strips terminal control sequences from what other people typed', async () => {
    const r = await run(['whoami'], () => ok({ ...profile, displayName: 'Eve\u001b]0;pwned\u0007\u001b[2J' }));
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toMatch(/^Name +Eve\]0;pwned\[2J$/m);
  });
});

describe('the API key', () => {
  it('recognises the shape of a Gatehouse key', () => {
    expect(isWellFormedApiKey(VALID_KEY)).toBe(true);
    expect(isWellFormedApiKey(VALID_KEY.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${VALID_KEY}x`)).toBe(false);
    expect(isWellFormedApiKey(VALID_KEY.replace('gate_', 'gh_'))).toBe(false);
    expect(isWellFormedApiKey(VALID_KEY.replace('x', '-'))).toBe(false);
  });

  it.each([
    ['missing', undefined, /GATEHOUSE_API_KEY is not set/],
    ['empty', '', /GATEHOUSE_API_KEY is not set/],
    ['malformed', 'gate_short_key', /GATEHOUSE_API_KEY is malformed/],
    ['quoted', `"${VALID_KEY}"`, /GATEHOUSE_API_KEY is malformed/],
  ])('refuses a %s key with exit 3, without sending anything', async (_label, key, message) => {
    const r = await run(['whoami'], () => ok(profile), { GATEHOUSE_API_KEY: key });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.requests).toHaveLength(0);
    if (key) expect(r.stderr).not.toContain(key);
  });

  it('points to where the web app keeps API keys (its Account menu), not a Settings page it lacks', async () => {
    const r = await run(['whoami'], () => ok(profile), { GATEHOUSE_API_KEY: undefined });
    expect(r.stderr).toContain('Account → API keys');
    expect(r.stderr).not.toContain('Settings');
  });

  it('needs no key for --help', async () => {
    const r = await run(['--help'], () => ok(profile), { GATEHOUSE_API_KEY: undefined });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('whoami');
    expect(r.stdout).toContain('GATEHOUSE_API_KEY');
  });
});

// That the client really gives up after this long is shown against a server that never answers
// (apps/server/test/cli.test.ts); here, what the setting is.
describe('GATEHOUSE_TIMEOUT_SECONDS', () => {
  it('gives each call 30 seconds unless set, or the seconds it says', () => {
    expect(readConfig({ GATEHOUSE_API_KEY: VALID_KEY }).timeoutMs).toBe(30_000);
    expect(readConfig({ GATEHOUSE_API_KEY: VALID_KEY, GATEHOUSE_TIMEOUT_SECONDS: '' }).timeoutMs).toBe(30_000);
    expect(readConfig({ GATEHOUSE_API_KEY: VALID_KEY, GATEHOUSE_TIMEOUT_SECONDS: ' 2.5 ' }).timeoutMs).toBe(2_500);
  });

  it.each(['0', '-1', 'soon', '3601'])('refuses %s as a usage error (exit 2), without sending anything', async (value) => {
    const r = await run(['whoami'], () => ok(profile), { GATEHOUSE_TIMEOUT_SECONDS: value });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`GATEHOUSE_TIMEOUT_SECONDS must be a number of seconds above 0 and at most 3600, not ${value}`);
    expect(r.requests).toHaveLength(0);
  });
});

describe('waits, in words people use', () => {
  it.each([
    [1, '1 second'],
    [42, '42 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [3110, '52 minutes'],
    [3600, '1 hour'],
    [5400, '1 hour 30 minutes'],
    [7200, '2 hours'],
  ])('%i seconds reads "%s"', (seconds, words) => {
    expect(humanDuration(seconds)).toBe(words);
  });
});

describe('errors a script can branch on', () => {
  it.each([
    ['INVALID_API_KEY', trpcError(401, 'UNAUTHORIZED', 'API key is invalid, expired or revoked', { reason: 'INVALID_API_KEY' }), 3, /^gatehouse: The API key is invalid, expired or revoked\.$/m],
    ['INSUFFICIENT_SCOPE', trpcError(403, 'FORBIDDEN', 'This API key lacks the profile:read scope', { reason: 'INSUFFICIENT_SCOPE' }), 4, /lacks the scope needed \(profile:read\)/],
    ['INSUFFICIENT_ROLE', trpcError(403, 'FORBIDDEN', 'Your role does not allow this action', { reason: 'INSUFFICIENT_ROLE' }), 4, /Your role does not allow this/],
    ['RATE_LIMITED', trpcError(429, 'TOO_MANY_REQUESTS', 'Too many attempts', { reason: 'RATE_LIMITED', retryAfterSeconds: 42 }), 5, /Rate limited: try again in 42 seconds\./],
    ['anything else', trpcError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'), 1, /Internal server error/],
    ['a page that is not tRPC', new SyntaxError('Unexpected token < in JSON'), 1, /is GATEHOUSE_URL the address of a Gatehouse server/],
  ])('%s', async (_label, reply, exitCode, message) => {
    const r = await run(['whoami'], () => reply);
    expect(r.code).toBe(exitCode);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('names the scope the command needed', async () => {
    const r = await run(['members', 'list'], () => trpcError(403, 'FORBIDDEN', 'lacks', { reason: 'INSUFFICIENT_SCOPE' }));
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('(org:read)');
  });

  it('reports errors as JSON on stderr with --json', async () => {
    const r = await run(['--json', 'whoami'], () => trpcError(429, 'TOO_MANY_REQUESTS', 'x', { reason: 'RATE_LIMITED', retryAfterSeconds: 1 }));
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stderr)).toEqual({ error: { message: 'Rate limited: try again in 1 second.', reason: 'RATE_LIMITED', exitCode: 5 } });
  });

  it('says so when the server cannot be reached (exit 6)', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const io = captureIo({ GATEHOUSE_URL: `http://127.0.0.1:${port}/` });
    const code = await runCli(['whoami'], io.io);
    expect(code).toBe(6);
    expect(io.stderr()).toBe(`gatehouse: Cannot reach Gatehouse at http://127.0.0.1:${port}\n`);
  });

  it('rejects an unusable GATEHOUSE_URL and bad arguments as usage errors (exit 2)', async () => {
    expect((await run(['whoami'], () => ok(profile), { GATEHOUSE_URL: 'not a url' })).code).toBe(2);
    expect((await run(['whoami'], () => ok(profile), { GATEHOUSE_URL: 'ftp://x' })).code).toBe(2);
    expect((await run(['members', 'list', '--role', 'king'], () => ok({ items: [], nextCursor: null }))).code).toBe(2);
    expect((await run(['members', 'list', '--limit', '0'], () => ok({ items: [], nextCursor: null }))).code).toBe(2);
    expect((await run(['frobnicate'], () => ok(profile))).code).toBe(2);
  });
});

describe('gatehouse members list', () => {
  const member = (n: number, role = 'member', teams: string[] = []) => ({
    userId: `u${n}`,
    email: `m${n}@example.com`,
    displayName: `Member ${n}`,
    jobTitle: null,
    department: null,
    role,
    joinedAt: '2026-01-01T00:00:00.000Z',
    teams: teams.map((name, i) => ({ id: `t${i}`, name })),
  });
  const inputOf = (req: RecordedRequest) => JSON.parse(req.url.searchParams.get('input') ?? '{}') as Record<string, unknown>;

  it('sends the filters and prints an aligned table, pointing at the next page', async () => {
    const r = await run(['members', 'list', '--query', 'ada', '--role', 'admin', '--team', 't1', '--limit', '2'], () =>
      ok({ items: [member(1, 'admin', ['Core', 'Infra']), member(22, 'admin')], nextCursor: 'c2' }),
    );
    expect(r.code).toBe(0);
    expect(r.requests[0]!.method).toBe('GET');
    expect(r.requests[0]!.url.pathname).toBe('/trpc/orgAdmin.members.list');
    expect(inputOf(r.requests[0]!)).toEqual({ query: 'ada', role: 'admin', teamId: 't1', limit: 2 });
    expect(r.stdout).toBe(
      [
        'USER ID  NAME       EMAIL            ROLE   TEAMS',
        'u1       Member 1   m1@example.com   admin  Core, Infra',
        'u22      Member 22  m22@example.com  admin',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('--cursor c2');
  });

  it('walks every page with --all', async () => {
    const pages: Record<string, { items: unknown[]; nextCursor: string | null }> = {
      start: { items: [member(1), member(2)], nextCursor: 'p2' },
      p2: { items: [member(3), member(4)], nextCursor: 'p3' },
      p3: { items: [member(5)], nextCursor: null },
    };
    const r = await run(['members', 'list', '--all', '--json'], (req) => ok(pages[(inputOf(req).cursor as string) ?? 'start']));
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => inputOf(q).cursor)).toEqual([undefined, 'p2', 'p3']);
    const body = JSON.parse(r.stdout) as { items: { userId: string }[]; nextCursor: null };
    expect(body.items.map((m) => m.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(body.nextCursor).toBeNull();
  });

  it('stops, rather than loops, when the server repeats a cursor', async () => {
    const r = await run(['members', 'list', '--all'], () => ok({ items: [member(1)], nextCursor: 'same' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/repeated a page cursor/);
    expect(r.requests.length).toBeLessThan(5);
  });
});

describe('gatehouse export', () => {
  const document = { format: 'gatehouse-export/v1', exportedAt: '2026-01-01T00:00:00.000Z', profile: { email: 'ada@example.com' } };
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('calls the exportData mutation by POST and prints the document', async () => {
    const r = await run(['export'], () => ok(document));
    expect(r.code).toBe(0);
    expect(r.requests[0]!.method).toBe('POST');
    expect(r.requests[0]!.url.pathname).toBe('/trpc/me.exportData');
    expect(JSON.parse(r.stdout)).toEqual(document);
  });

  it('writes --out readable by the owner only', async () => {
    const out = join(dir, 'export.json');
    const r = await run(['export', '--out', out], () => ok(document));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`to ${out}`);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(document);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it('explains the export rate limit', async () => {
    const r = await run(['export'], () => trpcError(429, 'TOO_MANY_REQUESTS', 'x', { reason: 'RATE_LIMITED', retryAfterSeconds: 3110 }));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Rate limited: try again in 52 minutes.');
  });
});
