// Fault: PostgreSQL restarts while an instance is under load. Requests in the gap must fail fast
// with 503 (retry elsewhere or later), never 500 and never hang; a write cut off must leave
// nothing half-done; and the instance must serve again by itself once the database is back.
// The database is a throwaway cluster of the test's own on a spare port: the shared one is
// never stopped.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ok, trpc, uniqueEmail } from '../scim-client.js';
import { freePort, startInstance, type Instance } from './instances.js';

const bin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1)!, 'bin');
const asRoot = process.getuid?.() === 0;
let dataDir: string;
let port: number;
let server: Instance | undefined;

/** PostgreSQL refuses to run as root: run its tools as the postgres user then. */
function pgTool(tool: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  execFileSync(file, argv, { stdio: 'pipe' });
}
const pgCtl = (...args: string[]) => pgTool('pg_ctl', ['-D', dataDir, '-w', '-t', '60', ...args]);
const startCluster = () =>
  pgCtl('-l', join(dataDir, 'log'), '-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dataDir, uid, gid);
  }
  port = await freePort();
  pgTool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  startCluster();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('create database gatehouse');
  await admin.end();
  server = await startInstance({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/gatehouse`, LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await server?.stop();
  try {
    pgCtl('-m', 'immediate', 'stop');
  } catch {
    // already stopped
  }
  rmSync(dataDir, { recursive: true, force: true });
});

interface Outcome {
  kind: 'read' | 'write';
  status: number;
  ms: number;
  team?: string;
  at: number;
}

describe('PostgreSQL restarted under load', () => {
  it('answers 503 fast while it is away, recovers without a restart, and leaves no partial write', async () => {
    const signUp = await trpc(server!, 'auth.signUp', { email: uniqueEmail('pg'), password: PASSWORD, displayName: 'P', orgName: 'Restart' });
    const cookie = signUp.cookie!;
    ok(signUp);

    // Eight clients: reads (me.get) and writes (a team and its audit row, one transaction).
    const outcomes: Outcome[] = [];
    let running = true;
    let n = 0;
    const client = async (id: number) => {
      while (running) {
        const write = id % 2 === 0;
        const team = `team-${id}-${++n}`;
        const started = Date.now();
        const result = write
          ? await trpc(server!, 'orgAdmin.teams.create', { name: team }, { cookie })
          : await trpc(server!, 'me.get', undefined, { cookie }, 'query');
        outcomes.push({ kind: write ? 'write' : 'read', status: result.status, ms: Date.now() - started, at: started, ...(write ? { team } : {}) });
        if (result.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stoppedAt = Date.now();
    pgCtl('-m', 'fast', 'stop');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    startCluster();
    const restartedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    running = false;
    await Promise.all(clients);

    // Anything else names the call and, from the instance's log, why it failed.
    const errorLog = () => server!.logs().split('\n').filter((line) => line.includes('"level":50'));
    const others = outcomes.filter((o) => o.status !== 200 && o.status !== 503);
    expect({ others: others.map((o) => `${o.kind} ${o.status}`), errorLog: errorLog() }).toEqual({ others: [], errorLog: [] });
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    // Fail fast: the longest a request waits for a connection is 5 s.
    expect(Math.max(...unavailable.map((o) => o.ms))).toBeLessThan(7000);
    // Recovered by itself: reads and writes succeed again after the restart.
    const after = outcomes.filter((o) => o.at > restartedAt + 1000 && o.status === 200);
    expect(after.some((o) => o.kind === 'read')).toBe(true);
    expect(after.some((o) => o.kind === 'write')).toBe(true);
    expect(outcomes.some((o) => o.at < stoppedAt && o.status === 200)).toBe(true);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);

    // No partial write: every team has its one audit row and every audit row its team; every
    // acknowledged create is there.
    const db = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/gatehouse` });
    await db.connect();
    try {
      const teams = (await db.query<{ id: string; name: string }>('select id, name from team')).rows;
      const audits = (await db.query<{ target_id: string }>("select target_id from audit_event where action = 'team.created'")).rows;
      expect(audits.map((a) => a.target_id).sort()).toEqual(teams.map((t) => t.id).sort());
      const names = new Set(teams.map((t) => t.name));
      const acknowledged = outcomes.filter((o) => o.kind === 'write' && o.status === 200).map((o) => o.team!);
      expect(acknowledged.filter((t) => !names.has(t))).toEqual([]);
    } finally {
      await db.end();
    }
    expect(errorLog()).toEqual([]);
  });
});
