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

// tRPC has no public API for a router's procedures or its root config, so this file is the one
// place that reads `router._def` (as trpc-to-openapi does too). test/reference.trpc-internals.test.ts
// pins the shape it relies on, so a tRPC upgrade that changes it fails there first.

/** Every procedure of a router, sorted by path. */
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

/**
 * The router's root config (error formatter, transformer): what the HTTP surfaces that call
 * procedures themselves (the streamed export, the REST routes) need to shape errors exactly as
 * tRPC's own adapter does.
 */
export function rootConfigOf<TConfig>(router: AnyTRPCRouter): TConfig {
  return (router._def as unknown as { _config: TConfig })._config;
}
