// The reference, the REST routes and the streamed export read two things tRPC keeps on a
// router's private `_def`: the procedure table and the root config. A tRPC upgrade that moves
// either must fail here, before it silently empties the reference or mis-shapes an error.
import { describe, expect, it } from 'vitest';
import { appRouter, reference } from '../src/index.js';

describe('what the reference reads from tRPC internals', () => {
  it('lists every procedure with its type, meta and input', () => {
    const procedures = reference.listProcedures(appRouter);
    const signIn = procedures.find((p) => p.path === 'auth.signIn');
    expect(signIn?.type).toBe('mutation');
    expect(signIn?.meta.caller).toBe('browser');
    expect(signIn?.input?.safeParse({ email: 'a@example.com', password: 'x' }).success).toBe(true);
    expect(procedures.find((p) => p.path === 'me.get')?.type).toBe('query');
    expect(procedures.map((p) => p.path)).toEqual([...procedures.map((p) => p.path)].sort((a, b) => a.localeCompare(b)));
  });

  it('finds the root config with the app error formatter', () => {
    const config = reference.rootConfigOf<{ errorFormatter: unknown; transformer: unknown; isServer: boolean }>(appRouter);
    expect(typeof config.errorFormatter).toBe('function');
    expect(config.transformer).toBeDefined();
  });
});
