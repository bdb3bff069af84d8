// Attack: a burst of sign-ins fills libuv's thread pool with Argon2id hashes, so every other
// request's database statements (run on the same pool) wait behind them. Hashes in flight are
// capped at one per core; the rest wait their turn and all complete.
import type * as Argon2 from '@node-rs/argon2';
import { availableParallelism } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/passwords.js';

const seen = vi.hoisted(() => ({ inFlight: 0, most: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const original = await importOriginal<typeof Argon2>();
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      seen.most = Math.max(seen.most, ++seen.inFlight);
      try {
        return await fn(...args);
      } finally {
        seen.inFlight--;
      }
    };
  return { ...original, hash: counted(original.hash), verify: counted(original.verify) };
});

describe('password hashing', () => {
  it('runs at most one Argon2id per core at a time, and finishes every one of a burst', async () => {
    const hash = await hashPassword('a perfectly fine passphrase');
    seen.most = 0;
    const burst = 3 * availableParallelism() + 2;
    const results = await Promise.all(
      Array.from({ length: burst }, (_, i) => verifyPassword(hash, i % 2 ? 'a perfectly fine passphrase' : 'wrong passphrase!!')),
    );
    expect(seen.most).toBe(availableParallelism());
    expect(results.filter(Boolean)).toHaveLength(Math.floor(burst / 2));
    expect(seen.inFlight).toBe(0);
  });
});
