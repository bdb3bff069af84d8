import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import { z } from 'zod';
import type { ProcedureMeta } from '../procedure-meta.js';

export interface ProcedureInfo {
  /** Dotted tRPC path, e.g. `orgAdmin.members.list`. */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta;
  /** The input schema (several `.input()` calls merged), or null when the procedure takes none. */
  input: z.ZodType | null;
}

/**
 * Every procedure of a router, sorted by path.
 *
 * tRPC has no public API that lists a router's procedures, so this is the one place that reads
 * `router._def.procedures` and a procedure's `_def` (as trpc-to-openapi does too).
 * test/reference/list-procedures.test.ts pins the shape it relies on, so a tRPC upgrade that
 * changes it fails there first.
 */
export function listProcedures(router: AnyTRPCRouter): ProcedureInfo[] {
  const procedures = (router._def as { procedures: Record<string, AnyTRPCProcedure> }).procedures;
  return Object.entries(procedures)
    .map(([path, procedure]) => ({
      path,
      type: procedure._def.type,
      meta: procedure._def.meta ?? {},
      input: mergeInputs(path, procedure._def.inputs),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function mergeInputs(path: string, parsers: unknown[]): z.ZodType | null {
  const schemas = parsers.map((parser) => {
    if (!(parser instanceof z.ZodType)) throw new Error(`${path}: an input that is not a zod schema cannot be described`);
    return parser;
  });
  if (schemas.length === 0) return null;
  return schemas.reduce((merged, next) => z.intersection(merged, next));
}
