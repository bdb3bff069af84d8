import { z } from 'zod';
import { appRouter } from '../src/root.js';
import type { Caller } from './harness.js';

/** The slice of JSON Schema (draft 2020-12) that zod emits for our procedure inputs. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export interface ProcedureInput {
  path: string;
  type: 'query' | 'mutation';
  /** What a client may send, as JSON Schema (zod's own public conversion); null when it takes none. */
  schema: JsonSchema | null;
  parsers: unknown[];
}

interface RawProcedure {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}

/**
 * Every procedure of the real app router with its input schema. tRPC keeps the flat procedure
 * table and each procedure's input parsers only on `_def` (the server's trpc-mount reads the same
 * table; procedure-inputs.contract.test.ts fails on the upgrade that moves them).
 */
export function appProcedures(): ProcedureInput[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, RawProcedure>;
  return Object.entries(procedures).map(([path, procedure]) => {
    const parsers = procedure._def.inputs;
    if (parsers.length > 1) throw new Error(`${path}: more than one input parser; merge them before walking`);
    const parser = parsers[0];
    return {
      path,
      type: procedure._def.type === 'query' ? 'query' : 'mutation',
      // `unrepresentable: 'any'`: a z.custom field (a role id) shows as {} and is generated as a string.
      schema: parser ? (z.toJSONSchema(parser as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : null,
      parsers,
    };
  });
}

/** Calls `path` (e.g. `orgAdmin.teams.create`) on a caller, with any input. */
export function callPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

/** Every place in a schema, with its JSON path (`preferences[]`, `phone|0`), depth first. */
export function* walkSchema(schema: JsonSchema, at = ''): Generator<{ at: string; node: JsonSchema }> {
  yield { at, node: schema };
  for (const [key, child] of Object.entries(schema.properties ?? {})) yield* walkSchema(child, at ? `${at}.${key}` : key);
  if (schema.items) yield* walkSchema(schema.items, `${at}[]`);
  for (const [i, option] of (schema.anyOf ?? []).entries()) yield* walkSchema(option, `${at}|${i}`);
}
