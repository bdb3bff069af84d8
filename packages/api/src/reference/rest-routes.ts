import type { RestMethod } from './catalogue.js';
import { describedProcedures, inputJsonSchema, type DescribedProcedure } from './describe.js';

type JsonSchema = Record<string, unknown>;

export interface RestRoute {
  method: RestMethod;
  /** Under /api, OpenAPI style: `/org/members/{userId}`. */
  path: string;
  /** The same, as a Fastify route: `/org/members/:userId`. */
  routerPath: string;
  procedure: DescribedProcedure;
  /** Input fields that travel in the path, in order. */
  pathParams: string[];
  /** The procedure's input as JSON Schema (what the query string or body is read against). */
  input: JsonSchema | null;
}

/** The REST routes, one per catalogue entry with `rest`, each bound to its procedure. */
export function restRoutes(): RestRoute[] {
  return describedProcedures().flatMap((procedure) => {
    const rest = procedure.entry.rest;
    if (!rest) return [];
    const [method, path] = rest.split(' ') as [RestMethod, string];
    const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    return [{ method, path, routerPath: path.replace(/\{([^}]+)\}/g, ':$1'), procedure, pathParams, input: inputJsonSchema(procedure) }];
  });
}

/** A field's own schema, looking through `T | null`. */
function fieldType(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === 'string') return schema.type;
  const options = (schema.anyOf ?? []) as JsonSchema[];
  return options.map((o) => o.type).find((t): t is string => typeof t === 'string' && t !== 'null');
}

/** A query-string value as the field's schema expects it; anything unreadable stays a string, for zod to refuse. */
function coerce(value: unknown, schema: JsonSchema | undefined): unknown {
  const type = fieldType(schema);
  if (type === 'array') {
    const items = (schema?.items ?? undefined) as JsonSchema | undefined;
    return (Array.isArray(value) ? value : [value]).map((v) => coerce(v, items));
  }
  if (typeof value !== 'string') return value;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * The procedure input a REST request carries: path segments, plus the query string (GET) or
 * the JSON body (otherwise). Path segments win over a body field of the same name.
 */
export function restInput(
  route: RestRoute,
  request: { params: Record<string, string>; query: Record<string, unknown>; body: unknown },
): unknown {
  if (!route.input) return undefined;
  const properties = (route.input.properties ?? {}) as Record<string, JsonSchema>;
  let base: unknown;
  if (route.method === 'GET') {
    base = Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, coerce(value, properties[key])]));
  } else {
    base = request.body ?? {};
  }
  if (!route.pathParams.length) return base;
  // A body that is not an object is left as it is, so the procedure refuses it (VALIDATION).
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return base;
  const input: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const name of route.pathParams) input[name] = request.params[name];
  return input;
}
