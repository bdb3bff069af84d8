import type { EntityManager, Orm } from '@gatehouse/db';
import { readSessionCookie } from './auth/sessions.js';
import type { ApiConfig } from './config.js';
import type { Principal } from './domain/principal.js';
import { localMailbox, type Mailer } from './mail/mailer.js';
import type { RateLimits } from './rate-limits.js';

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  /** The `Origin` header, exactly as sent (null when absent). */
  origin: string | null;
  cookieHeader: string | null;
  authorization: string | null;
}

export interface InnerContextOptions {
  orm: Orm;
  config: ApiConfig;
  rateLimits: RateLimits;
  /** Whether mail leaves the building; omitted, the outbox is the local mailbox (`me.outbox`). */
  mailer?: Mailer;
  request?: Partial<RequestInfo>;
  /** The calls made with this context are one HTTP request: they resolve the principal once. */
  onePrincipalPerRequest?: boolean;
}

/**
 * A client address as the trusted proxy forwarded it, cut to what the columns hold: nothing
 * upstream bounds an X-Forwarded-For hop to an address's 45 characters.
 */
export function clientAddress(raw: string | null | undefined): string | null {
  return raw ? raw.slice(0, 255) : null;
}

/**
 * Everything a procedure needs, buildable without an HTTP request: tests call this directly
 * and pass the cookie / Authorization header a client would have sent.
 */
export function createContextInner(opts: InnerContextOptions) {
  const request: RequestInfo = {
    ip: clientAddress(opts.request?.ip),
    userAgent: opts.request?.userAgent?.slice(0, 512) ?? null,
    origin: opts.request?.origin ?? null,
    cookieHeader: opts.request?.cookieHeader ?? null,
    authorization: opts.request?.authorization ?? null,
  };
  return {
    orm: opts.orm,
    /** Replaced by a fresh fork for every procedure call (middleware/unit-of-work.ts). */
    em: opts.orm.em as EntityManager,
    config: opts.config,
    rateLimits: opts.rateLimits,
    mailer: opts.mailer ?? localMailbox,
    request,
    /** Where the call came from, as audit rows and security mail record it. */
    meta: { ip: request.ip, userAgent: request.userAgent },
    sessionToken: readSessionCookie(opts.config, request.cookieHeader),
    /** The principal lookup the calls of one HTTP request share (null: each call looks it up). */
    requestPrincipal: opts.onePrincipalPerRequest ? ({} as { lookup?: Promise<Principal | null> }) : null,
    /** Set-Cookie values for the response; the HTTP adapter copies them onto it. */
    responseCookies: [] as string[],
    /**
     * Who the call turned out to be, once known: a fresh holder per call (middleware/unit-of-work.ts),
     * filled in by the principal middleware, so a refusal further in can be audited against its actor.
     */
    identity: { principal: null } as { principal: Principal | null },
    /**
     * Set by the server's routes that can write a StreamedExport out as they read it (tRPC's
     * export route and REST): me.exportData then hands one back instead of building the
     * document in memory.
     */
    streamExport: false,
  };
}

export type Context = ReturnType<typeof createContextInner>;
