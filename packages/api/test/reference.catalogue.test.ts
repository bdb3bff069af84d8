// The reference describes the router as it is: every procedure has one catalogue entry, and
// the access rules and error reasons it prints come from the builders.
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
