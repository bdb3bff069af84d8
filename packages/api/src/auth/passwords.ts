import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// Argon2id (algorithm 2) at the OWASP minimum SPEC §5 asks for: m=19456 KiB, t=2, p=1.
const ARGON2ID = 2;
const params = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Argon2id runs on libuv's thread pool, the pool the sqlite3 driver runs every statement on. Left
 * unbounded, a burst of sign-ins fills the pool with hashes and every other request's queries wait
 * behind them (me.get's p99 went from 0.1 s to 2.4 s, sign-ins themselves slowed 5×). One hash per
 * core is all the cores can compute anyway (p=1 is one thread each), so more hashes wait here,
 * in order, and the pool keeps threads for the database (the server sizes it: thread-pool.ts).
 */
const hashSlots = availableParallelism();
let hashing = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= hashSlots) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line, or give it back.
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, params));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await withHashSlot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Pays for one full verification against a throwaway hash, so "no such email" takes as long as
 * "wrong password" and response time does not reveal which emails are registered.
 */
export async function burnPasswordVerification(password: string): Promise<false> {
  dummyHash ??= hashPassword('gatehouse-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}

const commonPasswords = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

/** True for passwords on the well-known breached/common lists (~49k entries, any letter case). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}
