// The reference cannot drift: docs/api.md and the output schemas behind /api/openapi.json are
// regenerated from the routers here and must equal what is checked in.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateReference } from '../src/generate.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('the generated API reference', () => {
  const generated = generateReference(repoRoot);

  it.each(Object.keys(generated))('%s is up to date (run `pnpm api-reference` when this fails)', async (path) => {
    const checkedIn = await readFile(join(repoRoot, path), 'utf8').catch(() => '(missing)');
    expect(checkedIn).toBe(generated[path]);
  });

  it('documents every procedure with its access, errors and output', () => {
    const doc = generated['docs/api.md']!;
    expect(doc).toContain('### `me.apiKeys.create`');
    const create = doc.slice(doc.indexOf('### `me.apiKeys.create`'), doc.indexOf('### `me.apiKeys.delete`'));
    expect(create).toContain('interactive session only');
    expect(create).toContain("step-up window must be open");
    expect(create).toContain('`keyMint`: 10 per 1 h');
    expect(create).toMatch(/Errors: .*`SUDO_REQUIRED`.*`RATE_LIMITED`/);
    expect(create).toMatch(/secret: string/);
    const list = doc.slice(doc.indexOf('### `orgAdmin.members.list`'), doc.indexOf('### `orgAdmin.members.remove`'));
    expect(list).toContain('REST: `GET /api/org/members`');
    expect(list).toContain('Permission: `members:read`');
    expect(list).toContain('API key scope: `org:read`');
    expect(list).toMatch(/limit\?: integer {2}\/\/ 1–100; default 50/);
  });
});
