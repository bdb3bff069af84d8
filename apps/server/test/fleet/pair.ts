// Two instances of the built server behind one (imagined) load balancer: one fresh PostgreSQL
// database, one Redis of their own, the same APP_ORIGIN, and TRUST_PROXY=1 so that a test can
// speak from any client address the way a proxy reports it. The client alternates between them.
import { openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { expect } from 'vitest';
import { verifyAddress } from '../mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail, type TrpcResult } from '../scim-client.js';
import { freePort, startInstance, startRedis, type Instance, type RedisProcess } from './instances.js';

export interface Pair {
  a: Instance;
  b: Instance;
  /** The test's own connection to the shared database, for reading what the instances wrote. */
  orm: Orm;
  db: TestDatabase;
  redis: RedisProcess;
  /** The instance for attempt `i`: A, B, A, B, … */
  pick(i: number): Instance;
  /** What verifyAddress and mailedLink need, served by A. */
  server: { orm: Orm; url: string; origin: string };
  close(): Promise<void>;
}

export async function startPair(): Promise<Pair> {
  const [db, redis, originPort] = await Promise.all([createTestDatabase(), startRedis(), freePort()]);
  // Both answer for one public origin, as they would behind a proxy.
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    APP_ORIGIN: `http://localhost:${originPort}`,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
  };
  // Started together on the empty database: one migrates under the lock, the other waits.
  const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  const orm = await openDatabase(db.url, { migrate: false });
  return {
    a,
    b,
    orm,
    db,
    redis,
    pick: (i) => (i % 2 ? b : a),
    server: { orm, url: a.url, origin: a.origin },
    async close() {
      await Promise.all([a.stop(), b.stop()]);
      await orm.close(true);
      await redis.kill();
      await db.drop();
    },
  };
}

let addresses = 0;
/** A client address nobody else in this file uses, so per-address limits start from zero. */
export const freshIp = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

export interface Account {
  userId: string;
  email: string;
  cookie: string;
}

/** A new organisation's owner, signed up on A with a proven address (sudo open, as after sign-up). */
export async function newOwner(pair: Pair, label = 'owner', { verified = true } = {}): Promise<Account> {
  const email = uniqueEmail(label);
  const res = await trpc<{ userId: string }>(
    pair.a,
    'auth.signUp',
    { email, password: PASSWORD, displayName: `${label} person`, orgName: `${label} org` },
    { ip: freshIp() },
  );
  const { userId } = ok(res);
  if (verified) await verifyAddress(pair.server, email);
  return { userId, email, cookie: res.cookie! };
}

/** Someone the owner invited over A, who accepted over B (accepting proves the address and opens sudo). */
export async function invited(pair: Pair, owner: Account, role: 'owner' | 'admin' | 'member', label: string = role): Promise<Account> {
  const email = uniqueEmail(label);
  const { url } = ok(await trpc<{ url: string }>(pair.a, 'orgAdmin.invitations.create', { email, role, teamIds: [] }, { cookie: owner.cookie }));
  const token = url.slice(url.lastIndexOf('/') + 1);
  const res = await trpc<{ userId: string }>(
    pair.b,
    'auth.acceptInvitation',
    { token, displayName: `${label} person`, password: PASSWORD },
    { ip: freshIp() },
  );
  return { userId: ok(res).userId, email, cookie: res.cookie! };
}

/** Runs `n` attempts with at most `width` in flight at once; attempt i is `attempt(i)`. */
export async function inParallel<T>(n: number, attempt: (i: number) => Promise<T>, width = 50): Promise<T[]> {
  const results: T[] = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await attempt(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
  return results;
}

/** How many results ended which way: `ok`, or the error's reason. */
export function outcomes(results: TrpcResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status >= 500 ? `HTTP ${r.status}` : r.error ? (r.error.data.reason ?? r.error.data.code) : 'ok';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** `n` attempts at once (`width` in flight), attempt i on A or B by turn. */
export const alternating = <T>(pair: Pair, n: number, attempt: (on: Instance, i: number) => Promise<TrpcResult<T>>, width?: number) =>
  inParallel(n, (i) => attempt(pair.pick(i), i), width);

/** Every RATE_LIMITED answer is a 429 that says how long to wait. */
export function expectWaits(results: TrpcResult<unknown>[]): void {
  for (const r of results.filter((r) => r.error?.data.reason === 'RATE_LIMITED')) {
    expect(r.status).toBe(429);
    expect(r.error!.data.retryAfterSeconds).toBeGreaterThan(0);
  }
}
