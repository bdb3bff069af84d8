import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * CSP, frame-ancestors, nosniff and friends; HSTS only where the origin is https.
 *
 * Helmet itself rather than @fastify/helmet: the plugin rebuilds helmet (and re-parses the CSP)
 * on every request, which cost more than a whole SQLite query. Built once, it only sets headers.
 */
export function registerSecurityHeaders(app: FastifyInstance, secure: boolean): void {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Radix positions popovers with inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (req, reply, done) => {
    setHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });
}
