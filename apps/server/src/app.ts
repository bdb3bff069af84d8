import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import {
  appRouter,
  cachedSmtpProbe,
  createBackgroundJobs,
  createContext,
  createMailer,
  createRateLimits,
  defaultApiConfig,
  DEFAULT_RETENTION,
  isSecureOrigin,
  mailHealth,
  resealTotpSecrets,
  responseHeaders,
  type ApiConfig,
} from '@gatehouse/api';
import { isDatabaseReachable, parseDatabaseUrl, type Orm } from '@gatehouse/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { limitRequestBodies, MAX_BODY_BYTES } from './body-limit.js';
import type { Env } from './env.js';
import { cleanForwardedFor, fastifyTrustProxy, isClientAddress } from './forwarded-for.js';
import { loggablePath, redactLinkTokens } from './link-token-redaction.js';
import { logSafeError } from './log-safe-error.js';
import { mfaKeyFile, resolveMfaKey } from './mfa-key.js';
import { registerReadiness } from './readiness.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerRestApi } from './rest-api.js';
import { registerScim } from './scim-routes.js';
import { mountTrpc } from './trpc-mount.js';

export interface AppOptions {
  env: Env;
  orm: Orm;
  /** Directory holding the built web app (index.html + assets); optional for API-only use. */
  webDist?: string | undefined;
  /** Where logs go (stdout by default); tests capture them to prove no secret is logged. */
  logStream?: NodeJS.WritableStream;
  /** Run the background job runner (mail, reminders, purges). On in production. */
  jobs?: boolean;
}

const MAX_BATCH = 10;
/** An SMTP server that accepts the connection and then says nothing is down, within /readyz's own time. */
const SMTP_PROBE_MS = 1500;

function withinMs<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
/**
 * A batch names its procedures in one path segment (`/trpc/a.b,c.d`), which Fastify's router
 * refuses with 414 past `maxParamLength` (100 by default: six admin queries passed it). Room for
 * a full batch of procedure names up to this long; a test holds every real name to it.
 */
export const MAX_PROCEDURE_PATH_LENGTH = 100;

export function apiConfigFrom(env: Env, mfaEncryptionKey: Buffer): ApiConfig {
  return {
    appOrigin: env.APP_ORIGIN,
    sudoWindowSeconds: env.SUDO_WINDOW_SECONDS,
    sessionIdleDays: env.SESSION_IDLE_DAYS,
    sessionMaxDays: env.SESSION_MAX_DAYS,
    maxPendingInvitations: defaultApiConfig.maxPendingInvitations,
    mfaEncryptionKey,
    mfaPreviousKeys: env.MFA_ENCRYPTION_KEY_PREVIOUS,
  };
}

export async function buildApp({ env, orm, webDist, logStream, jobs = false }: AppOptions): Promise<FastifyInstance> {
  let redisNotice = (reachable: boolean) => void reachable;
  const rateLimits = createRateLimits(orm, { redisUrl: env.REDIS_URL, onRedisChange: (reachable) => redisNotice(reachable) });

  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { maxParamLength: MAX_BATCH * (MAX_PROCEDURE_PATH_LENGTH + 1) },
    trustProxy: fastifyTrustProxy(env.TRUST_PROXY),
    logger: {
      level: env.LOG_LEVEL,
      ...(logStream ? { stream: logStream } : {}),
      // Credentials live in headers, tRPC query strings and link paths: log none of them.
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          path: loggablePath(req.url),
          // Logged before X-Forwarded-For is cleaned: a made-up value is not repeated.
          ip: req.ip && isClientAddress(req.ip) ? req.ip : 'not an address',
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token'],
        censor: '[redacted]',
      },
      // The last word on every line, whoever wrote it: no link token leaves the process.
      hooks: { streamWrite: redactLinkTokens },
    },
  });

  const config = apiConfigFrom(
    env,
    resolveMfaKey(env.MFA_ENCRYPTION_KEY, mfaKeyFile(parseDatabaseUrl(env.DATABASE_URL)), (message) => app.log.warn(message)),
  );
  limitRequestBodies(app, MAX_BODY_BYTES);
  if (env.TRUST_PROXY !== false) cleanForwardedFor(app);

  redisNotice = (reachable) => {
    if (reachable) app.log.info('Redis reachable: rate limits count in Redis');
    else app.log.warn('Redis unreachable: rate limits count in the database until it is back');
  };

  const mailer = createMailer({ smtpUrl: env.SMTP_URL, maxConnections: env.JOB_CONCURRENCY });
  const runner = jobs
    ? createBackgroundJobs(orm, {
      databaseKind: parseDatabaseUrl(env.DATABASE_URL).kind,
      mailer,
      appOrigin: config.appOrigin,
      limits: rateLimits,
      retention: { ...DEFAULT_RETENTION, auditDays: env.AUDIT_RETENTION_DAYS },
      concurrency: env.JOB_CONCURRENCY,
      leaseMs: env.JOB_LEASE_SECONDS * 1000,
      log: {
        info: (details, message) => app.log.info(details, message),
        warn: (details, message) => app.log.warn(details, message),
        error: (details, message) => app.log.error(details, message),
      },
    })
    : null;
  if (runner) app.addHook('onReady', () => runner.start());
  if (jobs && config.mfaPreviousKeys.length > 0) {
    // In the background: until it is done the previous keys still open what it has not reached.
    app.addHook('onReady', (done) => {
      void resealTotpSecrets(orm.em, config).then(
        ({ resealed, unreadable, remaining }) => {
          const counts = { resealed, unreadable, remaining };
          if (remaining > 0) {
            app.log.warn(counts, `MFA key rotation: ${remaining} TOTP secrets are still under a previous key (written meanwhile, perhaps by an instance without the new key); keep MFA_ENCRYPTION_KEY_PREVIOUS, they are sealed again at the next start`);
          } else {
            app.log.info(counts, `MFA key rotation: ${resealed} TOTP secrets sealed again; none is left under MFA_ENCRYPTION_KEY_PREVIOUS`);
          }
          if (unreadable > 0) {
            app.log.warn(counts, `MFA key rotation: ${unreadable} TOTP secrets open under none of the configured keys; those people must set their app up again or be reset (see docs/security.md)`);
          }
        },
        (error: unknown) => app.log.warn({ err: logSafeError(error) }, 'MFA key rotation: resealing stopped; it runs again at the next start'),
      );
      done();
    });
  }
  app.addHook('onClose', async () => {
    // Running jobs finish (or give their leases back) while the SMTP pool and the database are
    // still there.
    await runner?.stop();
    mailer.close();
    await rateLimits.close();
  });
  registerSecurityHeaders(app, isSecureOrigin(config));

  app.get('/healthz', () => ({ status: 'ok' }));
  const smtpReachable = cachedSmtpProbe(mailer);
  registerReadiness(app, () => [
    { name: 'database', required: true, probe: async () => ((await isDatabaseReachable(orm)) ? 'up' : 'down') },
    ...(env.REDIS_URL
      ? [{ name: 'redis', required: true, probe: async () => ((await rateLimits.redisReachable()) ? 'up' : 'down') }]
      : []),
    // Reported, never a 503: every mail waits in the durable queue and any instance sends it once
    // SMTP answers again, while sign-in and the API work without it. Draining the whole fleet
    // because the mail provider is down would turn late mail into a full outage.
    {
      name: 'mail',
      required: false,
      probe: async () => {
        const { state, ...details } = await mailHealth(orm.em.fork(), await withinMs(smtpReachable(), SMTP_PROBE_MS, false));
        return { state, details };
      },
    },
  ]);

  await mountTrpc(app, '/trpc', {
    router: appRouter,
    createContext: (req) => createContext({ orm, config, rateLimits, mailer, headers: req.headers, ip: req.ip }),
    responseHeaders,
    onError: ({ error, path, ctx }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        app.log.error({ path, err: logSafeError(error.cause ?? error), ip: ctx?.request.ip }, 'procedure failed');
      } else if (error.code === 'SERVICE_UNAVAILABLE') {
        app.log.warn({ path, err: logSafeError(error.cause ?? error) }, 'database unavailable: answered 503');
      }
    },
    maxBatchSize: MAX_BATCH,
  });

  await registerScim(app, { orm, rateLimits, appOrigin: config.appOrigin });
  await registerRestApi(app, {
    createContext: (headers, ip) => createContext({ orm, config, rateLimits, mailer, headers, ip }),
    responseHeaders,
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ path, err: logSafeError(error.cause ?? error) }, 'REST call failed');
    },
    appOrigin: config.appOrigin,
  });

  if (webDist && existsSync(join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        // Vite fingerprints asset names, so they may be cached forever; index.html never.
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // SPA fallback: any other GET for a page gets the app shell; the client router takes over.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && !req.url.startsWith('/scim') && (req.headers.accept ?? '').includes('text/html')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not found' });
    });
  } else if (webDist) {
    app.log.warn({ webDist }, 'web app not built: serving the API only (run pnpm build)');
  }

  return app;
}
