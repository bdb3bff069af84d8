import { join } from 'node:path';
import ts from 'typescript';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of every procedure's output, read by the TypeScript compiler from
 * `inferRouterOutputs<AppRouter>`: the very type web and CLI clients compile against, already in
 * its wire form (no transformer, so a Date is the ISO string JSON makes of it). Procedures
 * declare no output validators, so the compiler is the only place these shapes are written down.
 */
export function readOutputSchemas(apiDir: string, paths: readonly string[]): Record<string, JsonSchema> {
  const probeFile = join(apiDir, 'src', '__api_reference_outputs.ts');
  const probe = [
    "import type { inferRouterOutputs } from '@trpc/server';",
    "import type { AppRouter } from './root.js';",
    'export type Outputs = inferRouterOutputs<AppRouter>;',
  ].join('\n');
  const config = ts.getParsedCommandLineOfConfigFile(join(apiDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`cannot read ${apiDir}/tsconfig.json`);
  const host = ts.createCompilerHost(config.options);
  const readSource = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === probeFile ? ts.createSourceFile(file, probe, language) : readSource(file, language, ...rest);
  host.fileExists = (file) => file === probeFile || fileExists(file);

  const program = ts.createProgram([probeFile], config.options, host);
  const checker = program.getTypeChecker();
  const alias = program.getSourceFile(probeFile)?.statements.find(ts.isTypeAliasDeclaration);
  if (!alias) throw new Error('probe file lost');
  const outputs = checker.getTypeAtLocation(alias.name);
  const convert = converter(checker);

  const schemas: Record<string, JsonSchema> = {};
  for (const path of paths) {
    let type = outputs;
    for (const segment of path.split('.')) {
      const property = type.getProperty(segment);
      if (!property) throw new Error(`${path}: no output type at ${segment}`);
      type = checker.getTypeOfSymbol(property);
    }
    schemas[path] = convert(type);
  }
  return schemas;
}

function converter(checker: ts.TypeChecker) {
  const seen = new Set<ts.Type>();

  function convert(type: ts.Type): JsonSchema {
    const f = type.flags;
    if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return {};
    if (f & ts.TypeFlags.Never) return { not: {} };
    if (f & ts.TypeFlags.Void || f & ts.TypeFlags.Undefined) return { type: 'null' };
    if (f & ts.TypeFlags.Null) return { type: 'null' };
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', const: (type as ts.StringLiteralType).value };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', const: (type as ts.NumberLiteralType).value };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', const: checker.typeToString(type) === 'true' };
    if (f & ts.TypeFlags.String || f & ts.TypeFlags.TemplateLiteral) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.isUnion()) return union(type.types);
    if (checker.isArrayType(type)) {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      if (item && item.flags & ts.TypeFlags.Never) return { type: 'array', maxItems: 0 };
      return { type: 'array', items: item ? convert(item) : {} };
    }
    if (checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type as ts.TypeReference).map(convert);
      return { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length };
    }
    // A branded primitive (`string & { [brand]: … }`) is the primitive to a client; its brand is a
    // compiler-internal symbol whose id shifts whenever the program gains a type.
    if (type.isIntersection()) {
      const primitive = type.types.find((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike));
      if (primitive) return convert(primitive);
    }
    if (f & ts.TypeFlags.Object || type.isIntersection()) return object(type);
    throw new Error(`cannot describe the output type ${checker.typeToString(type)}`);
  }

  function union(members: ts.Type[]): JsonSchema {
    // null last, as a person writes `string | null`.
    const present = members
      .filter((m) => !(m.flags & ts.TypeFlags.Undefined))
      .sort((a, b) => Number((a.flags & ts.TypeFlags.Null) !== 0) - Number((b.flags & ts.TypeFlags.Null) !== 0));
    const schemas = present.map(convert);
    // `true | false` is how the compiler spells boolean.
    const booleans = schemas.filter((s) => s.type === 'boolean' && 'const' in s);
    const rest = booleans.length === 2 ? [...schemas.filter((s) => !booleans.includes(s)), { type: 'boolean' }] : schemas;
    const strings = rest.filter((s) => s.type === 'string' && 'const' in s);
    const others = rest.filter((s) => !strings.includes(s));
    // Sorted: the compiler orders a union's members by when it first met each literal, which
    // moves whenever unrelated code changes, and the reference would then be stale by itself.
    const values = strings.map((s) => String(s.const)).sort();
    const merged = strings.length > 1 ? [{ type: 'string', enum: values }, ...others] : rest;
    return merged.length === 1 ? merged[0]! : { anyOf: merged };
  }

  function object(type: ts.Type): JsonSchema {
    if (seen.has(type)) return {};
    seen.add(type);
    try {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const property of checker.getPropertiesOfType(type)) {
        // Symbol-keyed members (brands) never reach JSON.
        if (property.name.startsWith('__@')) continue;
        const declared = checker.getTypeOfSymbol(property);
        if (declared.getCallSignatures().length) continue;
        properties[property.name] = convert(declared);
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        if (!optional) required.push(property.name);
      }
      const schema: JsonSchema = { type: 'object', properties };
      if (required.length) schema.required = required;
      const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
      schema.additionalProperties = index ? convert(index) : false;
      return schema;
    } finally {
      seen.delete(type);
    }
  }

  return convert;
}
