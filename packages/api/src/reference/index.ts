import { z } from 'zod';
import { appRouter } from '../root.js';
import { describeProcedure, type DescribedProcedure } from './describe.js';
import { listProcedures, type ProcedureInfo } from './list-procedures.js';

export { CATALOGUE, LIMIT_SUBJECT, type CatalogueEntry } from './catalogue.js';
export { accessLines, describeLimit, describeProcedure, type DescribedProcedure } from './describe.js';
export { listProcedures, type ProcedureInfo } from './list-procedures.js';

/** Every procedure of the app router, described for the reference. */
export function describedProcedures(): DescribedProcedure[] {
  return listProcedures(appRouter).map(describeProcedure);
}

/** What a client sends, as JSON Schema (2020-12, which OpenAPI 3.1 uses as is). */
export function inputJsonSchema(info: Pick<ProcedureInfo, 'input'>): Record<string, unknown> | null {
  if (!info.input) return null;
  const { $schema: _dialect, ...schema } = z.toJSONSchema(info.input, { io: 'input', unrepresentable: 'any' });
  return schema;
}

/** Where tooling/api-reference writes the output schemas, relative to the repository root. */
export const OUTPUT_SCHEMAS_FILE = 'packages/api/src/reference/output-schemas.generated.ts';
