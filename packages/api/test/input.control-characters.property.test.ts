// Attack: put NUL bytes and other control characters, lone surrogate halves, 4-byte emoji and
// maximum lengths into any string of any procedure's input, hoping for a 500 or a half-written row.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createHarness, type Browser, type Harness } from './harness.js';
import { snapshotRows } from './database-snapshot.js';
import { UNLIMITED, buildWorld, maxInput } from './input-world.js';
import { appProcedures, callPath } from './procedure-inputs.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: UNLIMITED });
});
afterAll(() => h.close());

/** Characters no free text may hold, and a few that look odd but are text. */
const HOSTILE = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'];
const ODD = ['\ud800', '\udfff', '\ud83d', '\u202e', '\u2066', '\ufeff', '\u2028', '😀', '👩‍👩‍👧', '𝕏', 'é', ' '];
const piece = fc.oneof(
  fc.constantFrom(...HOSTILE, ...ODD),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
);

/** A new value for a string that was `original` (a valid value at its maximum length). */
function hostileString(original: string): fc.Arbitrary<string> {
  const length = Math.max(original.length, 1);
  return fc.oneof(
    // Short text made of awkward pieces.
    fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
    // The valid value at its maximum length with one awkward piece written over it.
    fc.tuple(fc.nat(length - 1), fc.constantFrom(...HOSTILE, ...ODD)).map(
      ([at, p]) => original.slice(0, at) + p + original.slice(at + p.length),
    ),
    // The maximum length made of 4-byte characters (and one past it).
    fc.constantFrom('😀'.repeat(Math.ceil(length / 2)), '😀'.repeat(Math.ceil(length / 2) + 1)),
  );
}

/** Every string in an input, as a path of keys, with its value. */
function stringsOf(value: unknown, at: (string | number)[] = []): { at: (string | number)[]; value: string }[] {
  if (typeof value === 'string') return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, [...at, k]));
  return [];
}

function replaced(input: unknown, at: (string | number)[], value: string): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  const copy = (Array.isArray(input) ? [...input] : { ...(input as object) }) as Record<string | number, unknown>;
  copy[head!] = replaced(copy[head!], rest, value);
  return copy;
}

const withStrings = appProcedures().filter((p) => p.schema && [...JSON.stringify(p.schema).matchAll(/"type":"string"/g)].length > 0);

/** Per procedure, the fields whose hostile values were refused as invalid. */
const refusals: Record<string, string[]> = {};

describe('hostile strings in every procedure input', () => {
  it('reaches every procedure that takes a string', () => {
    expect(withStrings.length).toBeGreaterThan(40);
  });

  it.each(withStrings.map((p) => [p.path, p] as const))(
    '%s: never a 5xx, and a refused input changes no row',
    async (path, { schema, parsers }) => {
      const world = await buildWorld(h);
      const template = maxInput(schema!, { alphabet: 'ascii', world, path });
      const targets = stringsOf(template);
      const publicCall = path.startsWith('auth.') && path !== 'auth.signOut';
      const refused = (refusals[path] = [] as string[]);

      await fc.assert(
        fc.asyncProperty(
          fc.nat(targets.length - 1).chain((i) => fc.tuple(fc.constant(targets[i]!), hostileString(targets[i]!.value))),
          async ([target, value]) => {
            const input = replaced(template, target.at, value);
            const browser: Browser = publicCall ? h.browser() : world.owner.browser;
            // Only an input the schema refuses needs the (costly) before-and-after comparison.
            const invalid = !(await (parsers[0] as z.ZodType).safeParseAsync(input)).success;
            const before = invalid ? await snapshotRows(h.orm) : null;
            const [result] = await Promise.allSettled([browser.call((c) => callPath(c, path, input))]);
            const label = `${target.at.join('.')} = ${JSON.stringify(value)}`;
            if (result.status === 'fulfilled') {
              expect(invalid, `${label} was accepted`).toBe(false);
              return;
            }
            const error = result.reason as unknown;
            expect(error).toBeInstanceOf(TRPCError);
            const status = getHTTPStatusCodeFromError(error as TRPCError);
            expect(status, `${label}: ${(error as Error).message}`).toBeLessThan(500);
            if (before) {
              expect((error as TRPCError).code, label).toBe('BAD_REQUEST');
              refused.push(target.at.join('.'));
              expect(await snapshotRows(h.orm)).toEqual(before);
            }
          },
        ),
        { numRuns: 20, endOnFailure: true },
      );
    },
  );

  it('is not vacuous: hostile values were refused as invalid in nearly every procedure', () => {
    const swept = Object.values(refusals);
    expect(swept.length).toBe(withStrings.length);
    expect(swept.filter((r) => r.length > 0).length).toBeGreaterThan(withStrings.length * 0.8);
  });
});
