import { clientAddress, recordDenial, scim, type RateLimits } from '@gatehouse/api';
import { isDatabaseAway, isDatabaseReachable, type Orm } from '@gatehouse/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logSafeError } from './log-safe-error.js';

type Query = Record<string, unknown>;
type Handler = (ctx: scim.ScimContext, req: FastifyRequest<{ Params: { id: string }; Querystring: Query }>) => Promise<unknown>;

export interface ScimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** 201 for creates, 204 for deletes, 200 otherwise. */
  status?: number;
  handler: Handler;
}

/**
 * Every SCIM 2.0 endpoint (SPEC §11, RFC 7644), as data: registered from this table, and the
 * authorisation matrix test walks the same table, so a new route cannot go untested.
 */
export const scimRoutes: ScimRoute[] = [
  { method: 'GET', url: '/ServiceProviderConfig', handler: (ctx) => Promise.resolve(scim.serviceProviderConfig(ctx.baseUrl)) },
  {
    method: 'GET',
    url: '/ResourceTypes',
    handler: (ctx) => {
      const types = scim.resourceTypes(ctx.baseUrl);
      return Promise.resolve(scim.listResponse(types, types.length, { startIndex: 1, count: types.length }));
    },
  },
  {
    method: 'GET',
    url: '/Schemas',
    handler: (ctx) => {
      const all = scim.schemas(ctx.baseUrl);
      return Promise.resolve(scim.listResponse(all, all.length, { startIndex: 1, count: all.length }));
    },
  },
  { method: 'GET', url: '/Users', handler: (ctx, req) => scim.listScimUsers(ctx, req.query) },
  { method: 'POST', url: '/Users', status: 201, handler: (ctx, req) => scim.createScimUser(ctx, req.body) },
  { method: 'GET', url: '/Users/:id', handler: (ctx, req) => scim.getScimUser(ctx, req.params.id) },
  { method: 'PUT', url: '/Users/:id', handler: (ctx, req) => scim.replaceScimUser(ctx, req.params.id, req.body) },
  { method: 'PATCH', url: '/Users/:id', handler: (ctx, req) => scim.patchScimUser(ctx, req.params.id, req.body) },
  { method: 'DELETE', url: '/Users/:id', status: 204, handler: (ctx, req) => scim.deleteScimUser(ctx, req.params.id) },
  { method: 'GET', url: '/Groups', handler: (ctx, req) => scim.listScimGroups(ctx, req.query) },
  { method: 'POST', url: '/Groups', status: 201, handler: (ctx, req) => scim.createScimGroup(ctx, req.body) },
  { method: 'GET', url: '/Groups/:id', handler: (ctx, req) => scim.getScimGroup(ctx, req.params.id, req.query) },
  { method: 'PUT', url: '/Groups/:id', handler: (ctx, req) => scim.replaceScimGroup(ctx, req.params.id, req.body) },
  { method: 'PATCH', url: '/Groups/:id', handler: (ctx, req) => scim.patchScimGroup(ctx, req.params.id, req.body) },
  { method: 'DELETE', url: '/Groups/:id', status: 204, handler: (ctx, req) => scim.deleteScimGroup(ctx, req.params.id) },
];

export const SCIM_PREFIX = '/scim/v2';
const MEDIA_TYPE = 'application/scim+json';

function send(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).header('content-type', `${MEDIA_TYPE}; charset=utf-8`).header('cache-control', 'no-store').send(body);
}

export interface ScimOptions {
  orm: Orm;
  rateLimits: RateLimits;
  appOrigin: string;
}

/** Mounts the SCIM API at /scim/v2: its own media type, bearer tokens, SCIM error bodies. */
export async function registerScim(app: FastifyInstance, options: ScimOptions): Promise<void> {
  const baseUrl = `${options.appOrigin}${SCIM_PREFIX}`;
  await app.register(
    (scope, _opts, done) => {
      // SCIM bodies are JSON under their own media type.
      scope.addContentTypeParser(MEDIA_TYPE, { parseAs: 'string' }, (_req, body, parsed) => {
        try {
          parsed(null, JSON.parse(body as string));
        } catch {
          parsed(new scim.ScimError(400, 'The body is not valid JSON', 'invalidSyntax'), undefined);
        }
      });
      scope.setErrorHandler(async (error, req, reply) => {
        if (error instanceof scim.ScimError) {
          if (error.retryAfterSeconds) void reply.header('retry-after', String(error.retryAfterSeconds));
          return send(reply, error.status, error.body);
        }
        const status = (error as { statusCode?: number }).statusCode;
        if (status && status >= 400 && status < 500) {
          return send(reply, status, new scim.ScimError(status, status === 413 ? 'The body is too large' : 'The request is not valid', 'invalidSyntax').body);
        }
        if (await isDatabaseAway(error, () => isDatabaseReachable(options.orm))) {
          req.log.warn({ err: logSafeError(error) }, 'database unavailable: answered 503');
          return send(reply.header('retry-after', '5'), 503, new scim.ScimError(503, 'The service is briefly unavailable; retry shortly').body);
        }
        req.log.error({ err: logSafeError(error) }, 'SCIM request failed');
        return send(reply, 500, new scim.ScimError(500, 'Internal server error').body);
      });
      scope.setNotFoundHandler((_req, reply) => send(reply, 404, new scim.ScimError(404, 'No such SCIM endpoint').body));

      for (const route of scimRoutes) {
        scope.route<{ Params: { id: string }; Querystring: Query }>({
          method: route.method,
          url: route.url,
          handler: async (req, reply) => {
            const ctx = await authenticate(req, options, baseUrl);
            const result = await route.handler(ctx, req);
            if (route.status === 204) return reply.code(204).header('cache-control', 'no-store').send();
            if (route.status === 201) {
              const location = (result as { meta?: { location?: string } }).meta?.location;
              if (location) void reply.header('location', location);
            }
            return send(reply, route.status ?? 200, result);
          },
        });
      }
      done();
    },
    { prefix: SCIM_PREFIX },
  );
}

/** The token's organisation, or a 401; then the token's rate limit (429 with Retry-After). */
async function authenticate(req: FastifyRequest, options: ScimOptions, baseUrl: string): Promise<scim.ScimContext> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  const em = options.orm.em.fork();
  const caller = match ? await scim.authenticateScimToken(em, match[1]!) : null;
  if (!caller) throw scim.scimErrors.unauthorized();
  const meta = { ip: clientAddress(req.ip), userAgent: req.headers['user-agent']?.slice(0, 512) ?? null };
  try {
    await options.rateLimits.consume('scim', caller.tokenId);
  } catch (error) {
    const wait = (error as { cause?: { extra?: { retryAfterSeconds?: number } } }).cause?.extra?.retryAfterSeconds;
    if (wait !== undefined) {
      await recordDenial(options.orm, options.rateLimits, {
        kind: 'rateLimited',
        reason: 'RATE_LIMITED',
        actor: { id: caller.tokenId, orgId: caller.orgId, via: 'scim' },
        operation: `SCIM ${req.method} ${req.routeOptions.url ?? ''}`,
        ...meta,
      });
      throw new scim.ScimError(429, `Too many requests; retry in ${wait} s`, 'tooMany', wait);
    }
    throw error;
  }
  return {
    em,
    caller,
    meta,
    baseUrl,
    appOrigin: options.appOrigin,
    limits: options.rateLimits,
  };
}
