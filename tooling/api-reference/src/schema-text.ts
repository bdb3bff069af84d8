import type { JsonSchema } from './output-schemas.js';

/**
 * A JSON Schema as a TypeScript-like type a person can read at a glance, each field's limits in
 * a comment beside it: `name: string  // 1–100 characters`.
 */
export function schemaText(schema: JsonSchema, indent = ''): string {
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (anyOf) return anyOf.map((s) => wrap(schemaText(s, indent))).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if ('not' in schema) return 'never';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'object':
      return objectText(schema, indent);
    case 'array': {
      const items = schema.items as JsonSchema | undefined;
      if (schema.maxItems === 0 && !items) return '[]';
      return `${wrap(items ? schemaText(items, indent) : 'unknown')}[]`;
    }
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return schema.type;
    default:
      return 'unknown';
  }
}

function wrap(text: string): string {
  return text.includes(' | ') && !text.startsWith('{') ? `(${text})` : text;
}

function objectText(schema: JsonSchema, indent: string): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const extra = schema.additionalProperties;
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([name, property]) => {
    const note = constraints(property);
    const optional = required.has(name) ? '' : '?';
    return `${inner}${name}${optional}: ${schemaText(property, inner)}${note ? `  // ${note}` : ''}`;
  });
  if (extra && typeof extra === 'object') lines.push(`${inner}[key: string]: ${schemaText(extra as JsonSchema, inner)}`);
  if (!lines.length) return extra === false ? '{}' : 'object';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The limits a field's schema sets, in words. */
export function constraints(schema: JsonSchema): string {
  const parts: string[] = [];
  const inner = (schema.anyOf as JsonSchema[] | undefined)?.find((s) => s.type !== 'null') ?? schema;
  const range = (min: unknown, max: unknown, unit: string) => {
    if (typeof min === 'number' && typeof max === 'number') parts.push(min === max ? `${min} ${unit}` : `${min}–${max} ${unit}`);
    else if (typeof min === 'number' && min > 0) parts.push(`at least ${min} ${unit}`);
    else if (typeof max === 'number') parts.push(`at most ${max} ${unit}`);
  };
  range(inner.minLength, inner.maxLength, 'characters');
  range(inner.minItems, inner.maxItems, 'items');
  range(inner.minimum, inner.maximum, '');
  if (typeof inner.format === 'string') parts.push(inner.format);
  if (typeof inner.pattern === 'string') parts.push(`matches /${inner.pattern}/`);
  if ('default' in schema) parts.push(`default ${JSON.stringify(schema.default)}`);
  if (typeof schema.description === 'string') parts.push(schema.description);
  return parts.map((p) => p.trim()).join('; ');
}
