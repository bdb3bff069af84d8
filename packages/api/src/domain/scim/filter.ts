import { parse, type Filter } from 'scim2-parse-filter';
import { scimErrors } from './errors.js';

/** How one SCIM attribute reads in SQL: a column expression, and whether comparison ignores case. */
export interface Column {
  sql: string;
  caseExact: boolean;
  /** Boolean attributes (`active`) compare to true/false rather than text. */
  boolean?: { whenTrue: string; whenFalse: string };
  /** Multi-valued attributes filtered by membership (`members.value`): `exists (…)` with one `?`. */
  exists?: string;
}

export interface Where {
  sql: string;
  params: (string | number)[];
}

const escapeLike = (text: string): string => text.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * Turns an RFC 7644 filter into a SQL condition over `columns` (attribute name, lower-cased →
 * column). Parsing is scim2-parse-filter's; anything it parses that we cannot answer exactly is
 * refused as invalidFilter, never approximated.
 */
export function compileFilter(text: string, columns: Record<string, Column>): Where {
  let ast: Filter;
  try {
    ast = parse(text);
  } catch {
    throw scimErrors.invalidFilter('The filter could not be parsed');
  }
  return compile(ast, columns, '');
}

function column(columns: Record<string, Column>, attrPath: string): Column {
  // Schema-qualified names (urn:…:User:userName) mean the same attribute.
  const name = attrPath.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '').toLowerCase();
  const found = columns[name];
  if (!found) throw scimErrors.invalidFilter(`Filtering on ${attrPath} is not supported`);
  return found;
}

function compile(node: Filter, columns: Record<string, Column>, prefix: string): Where {
  switch (node.op) {
    case 'and':
    case 'or': {
      const parts = node.filters.map((f) => compile(f, columns, prefix));
      return { sql: `(${parts.map((p) => p.sql).join(` ${node.op} `)})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      const inner = compile(node.filter, columns, prefix);
      return { sql: `not (${inner.sql})`, params: inner.params };
    }
    case '[]':
      // emails[type eq "work"], members[value eq "…"]: the inner attributes hang off the outer one.
      return compile(node.valFilter, columns, `${prefix}${node.attrPath}.`);
    case 'pr': {
      const col = column(columns, prefix + node.attrPath);
      if (col.exists || col.boolean) return { sql: '1 = 1', params: [] };
      return { sql: `(${col.sql} is not null and ${col.sql} <> '')`, params: [] };
    }
    default:
      return compare(node.op, column(columns, prefix + node.attrPath), node.compValue);
  }
}

function compare(op: string, col: Column, value: boolean | null | number | string): Where {
  if (col.boolean) {
    if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne')) throw scimErrors.invalidFilter('Compare booleans with eq or ne');
    const wanted = op === 'eq' ? value : !value;
    return { sql: wanted ? col.boolean.whenTrue : col.boolean.whenFalse, params: [] };
  }
  if (value === null) {
    if (op === 'eq') return { sql: `${col.sql} is null`, params: [] };
    if (op === 'ne') return { sql: `${col.sql} is not null`, params: [] };
    throw scimErrors.invalidFilter('Only eq and ne compare with null');
  }
  const text = String(value);
  if (col.exists) {
    if (op !== 'eq') throw scimErrors.invalidFilter('Members are filtered with eq');
    return { sql: col.exists, params: [text] };
  }
  const [lhs, rhs] = col.caseExact ? [col.sql, text] : [`lower(${col.sql})`, text.toLowerCase()];
  const like = (pattern: string): Where => ({ sql: `${lhs} like ? escape '!'`, params: [pattern] });
  switch (op) {
    case 'eq':
      return { sql: `${lhs} = ?`, params: [rhs] };
    case 'ne':
      return { sql: `(${lhs} <> ? or ${col.sql} is null)`, params: [rhs] };
    case 'co':
      return like(`%${escapeLike(rhs)}%`);
    case 'sw':
      return like(`${escapeLike(rhs)}%`);
    case 'ew':
      return like(`%${escapeLike(rhs)}`);
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const sign = { gt: '>', ge: '>=', lt: '<', le: '<=' }[op];
      return { sql: `${lhs} ${sign} ?`, params: [rhs] };
    }
    default:
      throw scimErrors.invalidFilter(`Unsupported operator ${op}`);
  }
}
