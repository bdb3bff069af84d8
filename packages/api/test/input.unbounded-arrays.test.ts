// Attack: send a 10,000-element array (or a megabyte string) to any procedure and make the server validate, dedupe and store it all.
import { ApiKey } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_SCOPES } from '../src/schemas/api-keys.js';
import { createTeamInput } from '../src/schemas/org-admin.js';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { appProcedures, walkSchema } from './procedure-inputs.js';

const procedures = appProcedures();
/** Formats whose own shape bounds the length (a role id is a UUID). */
const BOUNDED_FORMATS = new Set(['date-time', 'uuid']);

describe('the procedure walker', () => {
  it('sees the real router: every procedure, with the very parser each one validates with', () => {
    const byPath = new Map(procedures.map((p) => [p.path, p]));
    expect(procedures.length).toBeGreaterThan(50);
    expect(byPath.get('orgAdmin.teams.create')?.parsers).toEqual([createTeamInput]);
    expect(byPath.get('auth.signUp')?.schema?.properties?.email?.maxLength).toBe(254);
    expect(byPath.get('me.get')?.schema).toBeNull();
  });
});

describe('every input is bounded', () => {
  it('every array of every procedure has a maximum length', () => {
    const unbounded = procedures.flatMap(({ path, schema }) =>
      schema ? [...walkSchema(schema)].filter(({ node }) => node.type === 'array' && node.maxItems === undefined).map(({ at }) => `${path}: ${at}`) : [],
    );
    expect(unbounded).toEqual([]);
  });

  it('every string of every procedure has a maximum length', () => {
    const unbounded = procedures.flatMap(({ path, schema }) =>
      schema
        ? [...walkSchema(schema)]
            .filter(({ node }) => node.type === 'string' && node.maxLength === undefined && node.enum === undefined && !BOUNDED_FORMATS.has(node.format ?? ''))
            .map(({ at }) => `${path}: ${at}`)
        : [],
    );
    expect(unbounded).toEqual([]);
  });
});

describe('me.apiKeys.create with an oversized scopes array', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('refuses 10,000 scopes as VALIDATION and creates no key', async () => {
    const { browser, userId } = await h.signUp();
    const scopes = Array.from({ length: 10_000 }, (_, i) => API_KEY_SCOPES[i % API_KEY_SCOPES.length]!);
    await expectFailure(
      browser.call((c) => c.me.apiKeys.create({ name: 'flood', scopes, expiresInDays: 30 })),
      { code: 'BAD_REQUEST', reason: 'VALIDATION' },
    );
    expect(await h.orm.em.fork().count(ApiKey, { user: userId })).toBe(0);
  });

  it('still takes every scope once', async () => {
    const { browser } = await h.signUp();
    const { key } = await browser.call((c) => c.me.apiKeys.create({ name: 'all', scopes: [...API_KEY_SCOPES], expiresInDays: 30 }));
    expect(key.scopes).toEqual([...API_KEY_SCOPES]);
  });
});
