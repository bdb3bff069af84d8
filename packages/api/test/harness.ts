import { randomBytes } from 'node:crypto';
import { OutboxMail, openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase, testDatabaseKind } from '@gatehouse/db/testing';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { defaultApiConfig, type ApiConfig } from '../src/config.js';
import { createContextInner, type RequestInfo } from '../src/context.js';
import { createRateLimits, type LimitName, type Limit, type RateLimits } from '../src/rate-limits.js';
import { createBackgroundJobs } from '../src/jobs/background.js';
import { createMailer, type Mailer } from '../src/mail/mailer.js';
import { createCaller } from '../src/root.js';
import { sessionCookieName } from '../src/auth/sessions.js';
import { extrasOf, type ErrorDataExtras } from '../src/trpc.js';

export type Caller = ReturnType<typeof createCaller>;

export interface Harness {
  orm: Orm;
  config: ApiConfig;
  rateLimits: RateLimits;
  mailer?: Mailer | undefined;
  /**
   * Runs every due background job (mail through `smtpUrl`, if given), as a server's job runner
   * would after the calls so far; returns how many ran.
   */
  runJobs(): Promise<number>;
  /** A browser-like client: keeps the session cookie it is given, sends our Origin. */
  browser(request?: Partial<RequestInfo>): Browser;
  /** A script holding an API key: Bearer header, no cookie, no Origin. */
  keyClient(secret: string): Browser;
  /**
   * Signs up a fresh account and returns its signed-in browser. The address is then proven by
   * following the mailed link, as its owner would; `verified: false` leaves it unproven.
   */
  signUp(
    overrides?: Partial<SignUpFields> & { verified?: boolean },
  ): Promise<{ browser: Browser; userId: string; email: string; password: string }>;
  /** The token of the newest mailed link to `address` whose path starts `path` (e.g. `/verify-email/`). */
  mailedToken(address: string, path: string): Promise<string>;
  close(): Promise<void>;
}

export interface SignUpFields {
  email: string;
  password: string;
  displayName: string;
  orgName: string;
}

export class Browser {
  cookie: string | null = null;

  constructor(
    private readonly h: Pick<Harness, 'orm' | 'config' | 'rateLimits' | 'mailer'>,
    readonly request: Partial<RequestInfo>,
  ) {}

  /** Cookies other than the session's (a passkey ceremony's nonce), by name. */
  readonly otherCookies = new Map<string, string>();

  get cookieHeader(): string | null {
    const pairs = [...this.otherCookies].map(([name, value]) => `${name}=${value}`);
    if (this.cookie) pairs.unshift(`${sessionCookieName(this.h.config)}=${this.cookie}`);
    return pairs.length > 0 ? pairs.join('; ') : null;
  }

  async call<T>(fn: (caller: Caller) => Promise<T>, request: Partial<RequestInfo> = {}): Promise<T> {
    const ctx = createContextInner({
      orm: this.h.orm,
      config: this.h.config,
      rateLimits: this.h.rateLimits,
      ...(this.h.mailer ? { mailer: this.h.mailer } : {}),
      request: { origin: this.h.config.appOrigin, cookieHeader: this.cookieHeader, ...this.request, ...request },
    });
    try {
      return await fn(createCaller(ctx));
    } finally {
      for (const header of ctx.responseCookies) this.applySetCookie(header);
    }
  }

  private applySetCookie(header: string): void {
    const [pair] = header.split(';');
    const name = pair!.slice(0, pair!.indexOf('='));
    const value = pair!.slice(pair!.indexOf('=') + 1);
    if (name === sessionCookieName(this.h.config)) this.cookie = value === '' ? null : value;
    else if (value === '') this.otherCookies.delete(name);
    else this.otherCookies.set(name, value);
  }
}

let counter = 0;
export const uniqueEmail = (label = 'user'): string => `${label}-${Date.now()}-${++counter}@example.com`;
export const STRONG_PASSWORD = 'correct horse battery staple 42';

export async function createHarness(
  options: {
    config?: Partial<ApiConfig>;
    limits?: Partial<Record<LimitName, Limit>>;
    smtpUrl?: string;
    /** Count limits in this Redis (the database is the insurance store), as REDIS_URL does. */
    redisUrl?: string;
  } = {},
): Promise<Harness> {
  const db = await createTestDatabase();
  const orm = await openDatabase(db.url);
  const config: ApiConfig = { ...defaultApiConfig, mfaEncryptionKey: randomBytes(32), ...options.config };
  const rateLimits = createRateLimits(orm, { limits: options.limits, redisUrl: options.redisUrl });
  const mailer = options.smtpUrl ? createMailer({ smtpUrl: options.smtpUrl }) : undefined;
  const jobs = createBackgroundJobs(orm, {
    databaseKind: testDatabaseKind(),
    mailer: mailer ?? createMailer({}),
    appOrigin: config.appOrigin,
    limits: rateLimits,
  });
  const base = { orm, config, rateLimits, mailer };
  let ip = 0;
  // Each browser gets its own IP unless told otherwise, so per-IP limits don't collide.
  const browser = (request: Partial<RequestInfo> = {}) =>
    new Browser(base, { ip: `10.0.${Math.floor(++ip / 250)}.${ip % 250}`, userAgent: 'vitest', ...request });

  return {
    ...base,
    runJobs: () => jobs.runDue(),
    browser,
    keyClient: (secret) => new Browser(base, { authorization: `Bearer ${secret}`, origin: null, userAgent: 'script' }),
    async signUp({ verified = true, ...overrides } = {}) {
      const fields: SignUpFields = {
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
        displayName: 'Test User',
        orgName: 'Test Org',
        ...overrides,
      };
      const client = browser();
      if (!verified) {
        const { userId } = await client.call((c) => c.auth.signUp(fields));
        return { browser: client, userId, email: fields.email, password: fields.password };
      }
      // Signed up and proven with the mail kept in the outbox (never sent to a test's SMTP server,
      // whose tests count what it receives); the link is read from it, followed, and the mail dropped.
      const quiet = new Browser({ orm, config, rateLimits, mailer: undefined }, client.request);
      const { userId } = await quiet.call((c) => c.auth.signUp(fields));
      const token = await mailedToken(orm, fields.email, '/verify-email/');
      await quiet.call((c) => c.auth.verifyEmail({ token }));
      await orm.em.fork().nativeDelete(OutboxMail, { user: userId });
      client.cookie = quiet.cookie;
      return { browser: client, userId, email: fields.email, password: fields.password };
    },
    mailedToken: (address, path) => mailedToken(orm, address, path),
    async close() {
      mailer?.close();
      await rateLimits.close();
      await orm.close(true);
      await db.drop();
    },
  };
}

/** Reads a link out of the newest mail in the outbox, as its recipient would. */
export async function mailedToken(orm: Orm, address: string, path: string): Promise<string> {
  const mails = await orm.em.fork().find(OutboxMail, { toAddress: address.toLowerCase() }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  const pattern = new RegExp(`${path.replace(/\//g, '\\/')}([A-Za-z0-9_-]+)`);
  for (const mail of mails) {
    const match = pattern.exec(mail.text);
    if (match) return match[1]!;
  }
  throw new Error(`no mail to ${address} holds a ${path} link`);
}

/** Awaits a rejection and returns the TRPCError with the `data` extras clients would see. */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError & { data: ErrorDataExtras }> {
  const error = await promise.then(
    () => expect.unreachable('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  return Object.assign(trpcError, { data: extrasOf(trpcError.cause) });
}

export async function expectFailure(
  promise: Promise<unknown>,
  expected: { code: TRPCError['code']; reason: ErrorDataExtras['reason'] },
): Promise<TRPCError & { data: ErrorDataExtras }> {
  const error = await rejection(promise);
  expect({ code: error.code, reason: error.data.reason }).toEqual(expected);
  return error;
}

/** The SPEC reason of each settled call ('ok' for a success), for concurrency tests. */
export function settledReasons(results: PromiseSettledResult<unknown>[]): (string | null)[] {
  return results.map((r) => {
    if (r.status === 'fulfilled') return 'ok';
    return r.reason instanceof TRPCError ? extrasOf(r.reason.cause).reason : 'unexpected';
  });
}

/** The tRPC code of each failed call, for concurrency tests. */
export function rejectedCodes(results: PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof TRPCError ? r.reason.code : 'unexpected'] : []));
}
