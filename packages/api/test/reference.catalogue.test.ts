// The reference describes the router as it is: every procedure has one catalogue entry, the
// access rules it prints are the builders' own, and exactly the procedures an API key may call
// get a REST route, with a method that matches their kind.
import { describe, expect, it } from 'vitest';
import { appRouter } from '../src/root.js';
import { CATALOGUE, describedProcedures, listProcedures } from '../src/reference/index.js';

describe('API reference catalogue', () => {
  const procedures = describedProcedures();

  it('reads every procedure of the router, with its kind, builder meta and input schema', () => {
    const listed = listProcedures(appRouter);
    expect(listed.length).toBeGreaterThan(50);
    const get = listed.find((p) => p.path === 'me.get')!;
    expect(get).toMatchObject({ type: 'query', meta: { caller: 'principal', scope: 'profile:read' }, input: null });
    const create = listed.find((p) => p.path === 'me.apiKeys.create')!;
    expect(create).toMatchObject({ type: 'mutation', meta: { caller: 'session', sudo: true } });
    expect(create.input?.safeParse({ name: 'k', scopes: ['profile:read'], expiresInDays: 7 }).success).toBe(true);
    const setRole = listed.find((p) => p.path === 'orgAdmin.members.setRole')!;
    expect(setRole.meta).toEqual({ caller: 'principal', permission: 'roles:assign', reach: 'org', scope: 'org:write' });
  });

  it('has exactly one entry per procedure', () => {
    const paths = procedures.map((p) => p.path);
    expect(Object.keys(CATALOGUE).sort()).toEqual([...paths].sort());
  });

  it('gives a REST route to exactly the procedures an API key may call, GET for queries only', () => {
    for (const p of procedures) {
      const rest = p.entry.rest;
      expect(Boolean(rest), `${p.path}: REST route iff an API key may call it`).toBe(p.keyCallable);
      if (rest) expect(rest.startsWith('GET '), `${p.path}: ${rest}`).toBe(p.type === 'query');
    }
    const routes = procedures.flatMap((p) => (p.entry.rest ? [p.entry.rest.replace(/\{[^}]+\}/g, '{}')] : []));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('names only input fields as path segments', () => {
    for (const p of procedures) {
      for (const [, name] of p.entry.rest?.matchAll(/\{([^}]+)\}/g) ?? []) {
        const shape = (p.input as unknown as { shape?: Record<string, unknown> } | null)?.shape ?? {};
        expect(Object.keys(shape), `${p.path}: {${name}}`).toContain(name);
      }
    }
  });

  it('derives the error reasons from the builders and the catalogue', () => {
    const byPath = new Map(procedures.map((p) => [p.path, p]));
    expect(byPath.get('me.get')!.reasons).not.toContain('INSUFFICIENT_ROLE');
    expect(byPath.get('orgAdmin.members.list')!.reasons).toEqual(
      expect.arrayContaining(['INSUFFICIENT_ROLE', 'INSUFFICIENT_SCOPE', 'INVALID_API_KEY', 'VALIDATION']),
    );
    expect(byPath.get('me.apiKeys.rotate')!.reasons).toEqual(expect.arrayContaining(['SUDO_REQUIRED', 'RATE_LIMITED']));
    expect(byPath.get('me.apiKeys.rotate')!.reasons).not.toContain('INSUFFICIENT_SCOPE');
    expect(byPath.get('orgAdmin.members.setRole')!.reasons).toContain('LAST_OWNER');
  });
});
