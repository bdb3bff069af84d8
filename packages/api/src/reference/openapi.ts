import { REASONS, type Reason } from '../errors.js';
import { accessLines, describeLimit } from './describe.js';
import { OUTPUT_SCHEMAS } from './output-schemas.generated.js';
import { restRoutes, type RestRoute } from './rest-routes.js';

type JsonSchema = Record<string, unknown>;

/** The HTTP status each reason travels with; a reason missing here is filed under 400. */
const REASON_STATUS: Partial<Record<Reason, number>> = {
  INVALID_CREDENTIALS: 401,
  INVALID_API_KEY: 401,
  SESSION_REQUIRED: 401,
  SUDO_REQUIRED: 403,
  INSUFFICIENT_ROLE: 403,
  INSUFFICIENT_SCOPE: 403,
  INVALID_ORIGIN: 403,
  ACCOUNT_SUSPENDED: 403,
  RATE_LIMITED: 429,
  EMAIL_TAKEN: 409,
  SOLE_OWNER: 409,
  LAST_OWNER: 409,
  VALIDATION: 400,
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input',
  401: 'No valid API key',
  403: 'Not allowed',
  404: 'Not found (also for ids of another organisation)',
  409: 'Conflict',
  429: 'Rate limited',
};

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A tRPC error, exactly as /trpc answers it. Switch on `error.data.reason`.',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        code: { type: 'integer', description: 'JSON-RPC error code' },
        data: {
          type: 'object',
          properties: {
            code: { type: 'string', description: 'tRPC error code, e.g. FORBIDDEN' },
            httpStatus: { type: 'integer' },
            path: { type: 'string', description: 'the procedure' },
            reason: { anyOf: [{ type: 'string', enum: [...REASONS] }, { type: 'null' }] },
            issues: {
              type: 'array',
              description: 'with VALIDATION: what was wrong with the input',
              items: {
                type: 'object',
                properties: {
                  path: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
                  message: { type: 'string' },
                  code: { type: 'string' },
                },
                required: ['path', 'message', 'code'],
              },
            },
            retryAfterSeconds: { type: 'integer', description: 'with RATE_LIMITED' },
          },
          required: ['code', 'httpStatus', 'reason'],
        },
      },
      required: ['message', 'code', 'data'],
    },
  },
  required: ['error'],
};

function description(route: RestRoute): string {
  const { procedure } = route;
  const lines = [
    `Runs the procedure \`${procedure.path}\` (${procedure.type}).`,
    '',
    ...accessLines(procedure).map((line) => `- ${line}`),
    ...(procedure.entry.limits ?? []).map((limit) => `- Rate limit: ${describeLimit(limit)}`),
    `- Error reasons: ${procedure.reasons.map((r) => `\`${r}\``).join(', ')}`,
  ];
  return lines.join('\n');
}

function errorResponses(route: RestRoute): Record<string, unknown> {
  const byStatus = new Map<number, Reason[]>();
  for (const reason of route.procedure.reasons) {
    const status = REASON_STATUS[reason] ?? 400;
    byStatus.set(status, [...(byStatus.get(status) ?? []), reason]);
  }
  if (route.pathParams.length) byStatus.set(404, byStatus.get(404) ?? []);
  const responses: Record<string, unknown> = {};
  for (const status of [...byStatus.keys()].sort()) {
    const reasons = byStatus.get(status)!;
    const listed = reasons.length ? `: ${reasons.map((r) => `\`${r}\``).join(', ')}` : ' (`reason` is null)';
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? 'Refused'}${listed}`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return responses;
}

function operation(route: RestRoute): JsonSchema {
  const { procedure, input } = route;
  const properties = (input?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input?.required ?? []) as string[]);
  const parameters: JsonSchema[] = route.pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }));
  const rest = Object.entries(properties).filter(([name]) => !route.pathParams.includes(name));
  let requestBody: JsonSchema | undefined;
  if (route.method === 'GET') {
    for (const [name, schema] of rest) {
      parameters.push({ name, in: 'query', required: required.has(name), schema, ...(schema.type === 'array' ? { explode: true } : {}) });
    }
  } else if (input && rest.length) {
    const bodyRequired = [...required].filter((name) => !route.pathParams.includes(name));
    const { default: _default, ...bodySchema } = input;
    requestBody = {
      required: bodyRequired.length > 0,
      content: {
        'application/json': {
          schema: { ...bodySchema, properties: Object.fromEntries(rest), ...(bodyRequired.length ? { required: bodyRequired } : { required: undefined }) },
        },
      },
    };
  }
  const segments = procedure.path.split('.');
  return {
    operationId: procedure.path,
    summary: procedure.entry.summary,
    description: description(route),
    tags: [segments.slice(0, -1).join('.')],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': {
        description: 'The procedure’s output',
        content: { 'application/json': { schema: OUTPUT_SCHEMAS[procedure.path] ?? {} } },
      },
      ...errorResponses(route),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the REST routes, built from the same procedures, schemas and
 * catalogue as docs/api.md. `serverUrl` is the /api base clients should call.
 */
export function openApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of restRoutes()) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const document: JsonSchema = {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version: '1',
      description: [
        'The procedures an API key may call, as REST routes. Each route runs its tRPC procedure',
        '(named in `operationId`) with the same checks, scopes, rate limits and error bodies.',
        'Authenticate with `Authorization: Bearer gate_…`; a key acts with its scopes intersected',
        'with what its owner holds at the time of the call.',
      ].join(' '),
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'gate_<8-character id>_<secret>',
          description: 'An API key made in the web app (Account → API keys).',
        },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
  // Drop the `undefined`s left by optional parts, so the document is plain JSON.
  return JSON.parse(JSON.stringify(document)) as JsonSchema;
}
