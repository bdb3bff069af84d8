export { CATALOGUE, LIMIT_SUBJECT, type CatalogueEntry, type RestMethod } from './catalogue.js';
export {
  accessLines,
  describeLimit,
  describeProcedure,
  describedProcedures,
  inputJsonSchema,
  type DescribedProcedure,
} from './describe.js';
export { listProcedures, rootConfigOf, type ProcedureInfo } from './list-procedures.js';
export { openApiDocument } from './openapi.js';
export { restInput, restRoutes, type RestRoute } from './rest-routes.js';

/** Where tooling/api-reference writes the output schemas, relative to the repository root. */
export const OUTPUT_SCHEMAS_FILE = 'packages/api/src/reference/output-schemas.generated.ts';
