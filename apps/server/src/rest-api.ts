/**
 * REST for the procedures an API key may call, at /api: each route (packages/api's catalogue,
 * through `reference.restRoutes()`) runs its tRPC procedure with tRPC's own caller, so checks,
 * scopes, limits and error bodies are the procedure's. Also the OpenAPI 3.1 document that
 * describes them (/api/openapi.json) and a rendered reference (/api/reference), served from
 * this server: nothing is fetched from elsewhere, at run time or in the browser.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { appRouter, reference, StreamedExport, type Context } from '@gatehouse/api';
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { exportBody } from './export-stream.js';

type Headers = Record<string, string | string[] | undefined>;

export interface RestApiOptions {
  /** The tRPC context for a request's headers and client address. */
  createContext(headers: Headers, ip: string): Context;
  responseHeaders(ctx: Context | undefined, errors: readonly TRPCError[]): Headers;
  onError(opts: { error: TRPCError; path: string | undefined; ctx: Context | undefined }): void;
  /** The origin clients reach the server at; the document's server URL is this plus /api. */
  appOrigin: string;
}

export const REST_PREFIX = '/api';

const rootConfig = reference.rootConfigOf<Parameters<typeof getTRPCErrorShape>[0]['config']>(appRouter);

const scalarBundle = join(dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js');

// The page loads two scripts of our own origin and no inline script, so the CSP
// (script-src 'self') holds for it as for every other page. The mount point is not
// `#api-reference`: the bundle mounts itself on an element of that id too, and the page
// showed a second, never-loading copy above the real one.
const REFERENCE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Gatehouse API reference</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
  </head>
  <body>
    <div id="reference"></div>
    <script src="${REST_PREFIX}/reference/scalar.js"></script>
    <script src="${REST_PREFIX}/reference/init.js"></script>
  </body>
</html>
`;

// Scalar's own services (web fonts, telemetry, MCP, its AI agent, which would upload the API
// description to Scalar's servers) stay off: the page only talks to this server.
const REFERENCE_INIT = `Scalar.createApiReference('#reference', ${JSON.stringify({
  url: `${REST_PREFIX}/openapi.json`,
  withDefaultFonts: false,
  telemetry: false,
  mcp: { disabled: true },
  agent: { disabled: true },
  showDeveloperTools: 'never',
  documentDownloadType: 'json',
})});\n`;

/**
 * Scalar's bundle declares its web fonts on fonts.scalar.com whatever `withDefaultFonts` says.
 * The CSP refuses them anyway, but each attempt is a console error and a request the page
 * should never try: the rules go, and the page falls back to the system fonts.
 */
export function withoutRemoteFonts(bundle: string): string {
  return bundle.replace(/@font-face\s*\{[^}]*https:\/\/fonts\.scalar\.com[^}]*\}/g, '');
}

function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Headers = {}) {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(body ?? null));
}

/** A tRPC-shaped error for failures that happen before any procedure runs (bad JSON, no route). */
function bareError(code: TRPCError['code'], message: string, path?: string) {
  const error = new TRPCError({ code, message });
  const shape: unknown = getTRPCErrorShape({ config: rootConfig, error, type: 'unknown', path, input: undefined, ctx: undefined });
  return { status: getHTTPStatusCodeFromError(error), body: { error: shape } };
}

export async function registerRestApi(app: FastifyInstance, options: RestApiOptions): Promise<void> {
  const openApiJson = JSON.stringify(reference.openApiDocument(`${options.appOrigin}${REST_PREFIX}`));
  const scalar = withoutRemoteFonts(await readFile(scalarBundle, 'utf8'));

  await app.register(
    (scope, _opts, done) => {
      scope.get('/openapi.json', (_req, reply) =>
        reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(openApiJson),
      );
      scope.get('/reference', (_req, reply) =>
        reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(REFERENCE_PAGE),
      );
      scope.get('/reference/scalar.js', (_req, reply) =>
        reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(scalar),
      );
      scope.get('/reference/init.js', (_req, reply) =>
        reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(REFERENCE_INIT),
      );

      for (const route of reference.restRoutes()) {
        const { path, type } = route.procedure;
        scope.route<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>({
          method: route.method,
          url: route.routerPath,
          handler: async (req, reply) => {
            // Cookies are not read here: the REST surface is for bearer keys, so a browser's
            // ambient session can never be ridden through it (no CSRF surface at all).
            const { cookie: _cookie, ...headers } = req.headers;
            const ctx = options.createContext(headers, req.ip);
            // Every answer here can be written out as it is read; only me.exportData has one that big.
            ctx.streamExport = true;
            const input = reference.restInput(route, { params: req.params, query: req.query, body: req.body });
            try {
              const data: unknown = await callTRPCProcedure({
                router: appRouter,
                path,
                getRawInput: () => Promise.resolve(input),
                ctx,
                type: type === 'query' ? 'query' : 'mutation',
                signal: undefined,
                batchIndex: 0,
              });
              if (data instanceof StreamedExport) {
                const onError = (error: TRPCError) => options.onError({ error, path, ctx });
                return reply
                  .code(200)
                  .headers(options.responseHeaders(ctx, []))
                  .header('content-type', 'application/json; charset=utf-8')
                  .send(exportBody(data, { open: '', close: '' }, onError));
              }
              return sendJson(reply, 200, data, options.responseHeaders(ctx, []));
            } catch (cause) {
              const error = getTRPCErrorFromUnknown(cause);
              options.onError({ error, path, ctx });
              const shape: unknown = getTRPCErrorShape({ config: rootConfig, error, type, path, input, ctx });
              return sendJson(reply, getHTTPStatusCodeFromError(error), { error: shape }, options.responseHeaders(ctx, [error]));
            }
          },
        });
      }

      scope.setNotFoundHandler((req, reply) => {
        const { status, body } = bareError('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}; see ${REST_PREFIX}/openapi.json`);
        return sendJson(reply, status, body, { 'cache-control': 'no-store' });
      });
      // Bodies that are not JSON, or too large, answer in the same error shape as the procedures.
      scope.setErrorHandler((error: { statusCode?: number; message?: string }, req, reply) => {
        const status = error.statusCode ?? 500;
        if (status >= 500) {
          options.onError({ error: getTRPCErrorFromUnknown(error), path: undefined, ctx: undefined });
          const { body } = bareError('INTERNAL_SERVER_ERROR', 'Internal server error');
          return sendJson(reply, 500, body);
        }
        const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'PARSE_ERROR';
        const { body } = bareError(code, status === 413 ? 'The body is too large' : 'The body is not valid JSON');
        void req;
        return sendJson(reply, status, body);
      });
      done();
    },
    { prefix: REST_PREFIX },
  );
}
