import { parse, type Filter } from 'scim2-parse-filter';
import { scimErrors } from './errors.js';

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

type Resource = Record<string, unknown>;

/** The body of a PATCH request (RFC 7644 §3.5.2), checked for shape. */
export function patchOperations(body: unknown): PatchOperation[] {
  const ops = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(ops) || ops.length === 0) throw scimErrors.invalidSyntax('A PATCH needs a non-empty Operations array');
  if (ops.length > 1000) throw scimErrors.invalidSyntax('At most 1000 operations per PATCH');
  return ops.map((raw: unknown) => {
    const op = raw as PatchOperation;
    if (typeof op !== 'object' || op === null || typeof op.op !== 'string') throw scimErrors.invalidSyntax('Each operation needs an op');
    const name = op.op.toLowerCase();
    if (name !== 'add' && name !== 'replace' && name !== 'remove') throw scimErrors.invalidSyntax(`Unknown op ${op.op}`);
    if (op.path !== undefined && (typeof op.path !== 'string' || op.path.length > 500)) throw scimErrors.invalidPath('Bad path');
    return { op: name, ...(op.path !== undefined ? { path: op.path } : {}), value: op.value };
  });
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Finds a key in an object ignoring case (SCIM attribute names are case-insensitive). */
function keyOf(resource: Resource, name: string): string {
  return Object.keys(resource).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

interface Path {
  /** The container: the resource itself, or a schema extension object. */
  extension: string | null;
  attribute: string;
  filter: Filter | null;
  sub: string | null;
}

function parsePath(path: string): Path {
  let rest = path;
  let extension: string | null = null;
  if (rest.toLowerCase().startsWith(`${ENTERPRISE.toLowerCase()}:`)) {
    extension = ENTERPRISE;
    rest = rest.slice(ENTERPRISE.length + 1);
  } else {
    rest = rest.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '');
  }
  const match = /^([A-Za-z][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z][\w$-]*))?$/.exec(rest);
  if (!match) throw scimErrors.invalidPath(`Unsupported path ${path}`);
  let filter: Filter | null = null;
  if (match[2]) {
    try {
      filter = parse(match[2]);
    } catch {
      throw scimErrors.invalidPath(`Bad filter in path ${path}`);
    }
  }
  return { extension, attribute: match[1]!, filter, sub: match[3] ?? null };
}

function matches(item: unknown, filter: Filter): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const record = item as Resource;
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matches(item, f));
    case 'or':
      return filter.filters.some((f) => matches(item, f));
    case 'not':
      return !matches(item, filter.filter);
    case 'pr':
      return record[keyOf(record, filter.attrPath)] != null;
    case 'eq': {
      const actual = record[keyOf(record, filter.attrPath)];
      return typeof actual === 'string' && typeof filter.compValue === 'string'
        ? actual.toLowerCase() === filter.compValue.toLowerCase()
        : actual === filter.compValue;
    }
    default:
      throw scimErrors.invalidPath('Only eq, pr, and, or, not filter a path');
  }
}

/**
 * Applies PATCH operations to a resource's SCIM representation and returns the new one; the
 * caller then stores it as a replace would, so PATCH and PUT share one validated write path.
 * Covers the forms Okta and Entra send: path-less replace with an object, simple and
 * sub-attribute paths, `emails[type eq "work"].value`, `members[value eq "…"]`, the enterprise
 * extension, and Entra's "True"/"False" strings for booleans.
 */
export function applyPatch(resource: Resource, operations: PatchOperation[]): Resource {
  const next = structuredClone(resource);
  for (const op of operations) {
    if (!op.path) {
      if (op.op === 'remove') throw scimErrors.invalidPath('remove needs a path');
      if (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value)) {
        throw scimErrors.invalidValue('A patch without a path needs an object value');
      }
      for (const [name, value] of Object.entries(op.value as Resource)) {
        if (name.includes(':') || name.includes('.') || name.includes('[')) {
          applyAt(next, op.op, parsePath(name), value);
        } else if (op.op === 'add' && Array.isArray(value)) {
          applyAt(next, 'add', parsePath(name), value);
        } else {
          next[keyOf(next, name)] = value;
        }
      }
      continue;
    }
    applyAt(next, op.op, parsePath(op.path), op.value);
  }
  return next;
}

function applyAt(resource: Resource, op: string, path: Path, value: unknown): void {
  let container = resource;
  if (path.extension) {
    const key = keyOf(resource, path.extension);
    container = (resource[key] as Resource | undefined) ?? {};
    resource[key] = container;
  }
  const key = keyOf(container, path.attribute);
  const current = container[key];

  if (path.filter) {
    const items: unknown[] = Array.isArray(current) ? (current as unknown[]) : [];
    const selected = items.filter((item) => matches(item, path.filter!));
    if (op === 'remove') {
      container[key] = path.sub
        ? items.map((item) => {
            if (!selected.includes(item)) return item;
            const copy = { ...(item as Resource) };
            delete copy[keyOf(copy, path.sub!)];
            return copy;
          })
        : items.filter((item) => !selected.includes(item));
      return;
    }
    if (path.sub) {
      if (selected.length === 0) {
        // emails[type eq "work"].value on a resource without one: create the item the filter describes.
        const seed: Resource = {};
        if (path.filter.op === 'eq') seed[path.filter.attrPath] = path.filter.compValue;
        seed[path.sub] = value;
        container[key] = [...items, seed];
      } else {
        for (const item of selected) (item as Resource)[keyOf(item as Resource, path.sub)] = value;
      }
      return;
    }
    throw scimErrors.invalidPath('A filtered path needs a sub-attribute to set');
  }

  if (path.sub) {
    const parent = (typeof current === 'object' && current !== null && !Array.isArray(current) ? current : {}) as Resource;
    if (op === 'remove') delete parent[keyOf(parent, path.sub)];
    else parent[keyOf(parent, path.sub)] = value;
    container[key] = parent;
    return;
  }

  if (op === 'remove') {
    if (Array.isArray(current) && Array.isArray(value)) {
      // Okta's "remove these members": the values name the items.
      const gone = new Set((value as Resource[]).map((v) => String(v.value)));
      container[key] = (current as Resource[]).filter((item) => !gone.has(String(item.value)));
    } else {
      delete container[key];
    }
    return;
  }
  if (op === 'add' && Array.isArray(current)) {
    const existing = current as Resource[];
    const additions = (Array.isArray(value) ? value : [value]) as Resource[];
    const seen = new Set(existing.map((item) => String(item.value)));
    container[key] = [...existing, ...additions.filter((item) => !seen.has(String(item.value)))];
    return;
  }
  container[key] = value;
}

/** SCIM booleans, also as Entra sends them ("True", "False"). */
export function scimBoolean(value: unknown, attribute: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw scimErrors.invalidValue(`${attribute} must be a boolean`);
}
