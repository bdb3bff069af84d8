import { createHmac } from 'node:crypto';
import { readServerSecret, type EntityManager, type Orm } from '@gatehouse/db';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { errors } from './errors.js';
import { OrmRateLimiter } from './rate-limit-store.js';

export type LimitName =
  | 'signUp'
  | 'signIn'
  | 'signInIp'
  | 'sudo'
  | 'keyMint'
  | 'export'
  | 'deletion'
  | 'scim'
  | 'invitationOrg'
  | 'invitationInviter'
  | 'denialAudit'
  | 'verificationMail'
  | 'passwordResetByEmail'
  | 'passwordResetByIp'
  | 'mfaPendingSignIn'
  | 'mfaUser';
export interface Limit {
  points: number;
  durationSeconds: number;
}

/** SPEC §6 defaults. */
export const DEFAULT_LIMITS: Record<LimitName, Limit> = {
  signUp: { points: 20, durationSeconds: 3600 },
  signIn: { points: 10, durationSeconds: 900 },
  // Failed sign-ins per IP across every email (password spraying): room for an office of a few
  // hundred people behind one NAT mistyping now and then, not for a sweep of the user base.
  signInIp: { points: 100, durationSeconds: 900 },
  sudo: { points: 5, durationSeconds: 900 },
  keyMint: { points: 10, durationSeconds: 3600 },
  export: { points: 5, durationSeconds: 3600 },
  deletion: { points: 3, durationSeconds: 3600 },
  // SPEC §11: per SCIM token; room for an identity provider's initial import.
  scim: { points: 600, durationSeconds: 60 },
  // Invitations mail any address with a name the inviter chose: enough to onboard a team by hand
  // (bulk onboarding is SCIM's job), too few to make the server a spam relay.
  invitationOrg: { points: 200, durationSeconds: 86_400 },
  invitationInviter: { points: 50, durationSeconds: 3600 },
  // Not a limit on anyone: one audit row per actor and reason a minute for refused requests.
  denialAudit: { points: 1, durationSeconds: 60 },
  // SPEC §8: mailed links cost the recipient a mail each, so asking for them is limited.
  verificationMail: { points: 5, durationSeconds: 3600 },
  passwordResetByEmail: { points: 5, durationSeconds: 3600 },
  passwordResetByIp: { points: 20, durationSeconds: 3600 },
  // SPEC §9: wrong second factors, per pending sign-in (it lives five minutes) and per user.
  mfaPendingSignIn: { points: 5, durationSeconds: 300 },
  mfaUser: { points: 10, durationSeconds: 900 },
};

/** What a limit counts by: one value (a user id, an IP) or several together (an email and an IP). */
export type LimitSubject = string | readonly string[];

export interface RateLimits {
  /** Takes one point or throws RATE_LIMITED with the wait. Atomic in the shared store. */
  consume(name: LimitName, subject: LimitSubject): Promise<void>;
  /** Gives a point back (an attempt that turned out legitimate). */
  refund(name: LimitName, subject: LimitSubject): Promise<void>;
  /** The store's name for each value: the keyed hash that every key counting it contains. */
  keyParts(values: readonly string[], em?: EntityManager): Promise<string[]>;
  /**
   * Deletes every count in the database holding any of `parts`, in any limit, alone or with other
   * values (erasure: the user's id and email). `em` makes it part of the caller's transaction.
   */
  forgetInDatabase(parts: readonly string[], em: EntityManager): Promise<void>;
  /**
   * The same in Redis, when it is configured (nothing to do otherwise). Rejects while Redis cannot
   * be reached: erasure then leaves this part to a job that retries it.
   */
  forgetInRedis(parts: readonly string[]): Promise<void>;
  /** Both stores at once, outside any transaction: what a test or a one-off wants. */
  forget(values: readonly string[]): Promise<void>;
  /** Whether the configured Redis answers now; `null` when limits live in the database alone. */
  redisReachable(): Promise<boolean | null>;
  close(): Promise<void>;
}

/**
 * One value as the store sees it: HMAC-SHA256 under the deployment's own secret, 128 bits in hex.
 * The store (a table, a Redis snapshot) then names no email, address or user, and nobody without
 * the secret can test a guess against it.
 */
export function limitKeyPart(secret: Buffer, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex').slice(0, 32);
}

export interface RateLimitOptions {
  redisUrl?: string | undefined;
  limits?: Partial<Record<LimitName, Limit>>;
  /** Told when Redis goes away (limits then count in the database) and when it is back. */
  onRedisChange?: (reachable: boolean) => void;
}

/**
 * A Redis that hangs instead of refusing must not hang the request with it; past this the attempt
 * counts in the insurance store. The timer runs on this process's event loop, so a busy process
 * whose loop stalls (a 2-core machine under load) sees it fire with Redis's reply already waiting
 * in the socket: the attempt then counts in the database, where the burst starts from zero, and a
 * limit shared by two instances let 102 of 200 guesses through at 500 ms. Long enough to ride out
 * a stall (test/rate-limits.stalled-process.test.ts), well under the 5 s a request waits for the
 * database.
 */
const REDIS_COMMAND_TIMEOUT_MS = 2000;

/**
 * Limits live where every server instance sees them: Redis when REDIS_URL is set, otherwise the
 * database itself (the `rate_limit` table the migrations create). Never process memory.
 *
 * With Redis, the database is the insurance store (rate-limiter-flexible's `insuranceLimiter`):
 * while Redis is down, or not yet connected after a start, every limit is counted in the
 * database instead, exactly and across instances, so an outage neither fails requests nor
 * lifts limits. An attempt is counted in the one store that answered; when Redis comes back
 * its counters carry on from where they were.
 */
export function createRateLimits(orm: Orm, options: RateLimitOptions = {}): RateLimits {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = openStore(orm, options.redisUrl, options.onRedisChange);
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const limiter = (name: LimitName): RateLimiterAbstract => {
    let l = limiters.get(name);
    if (!l) {
      l = store.create({ keyPrefix: name, points: limits[name].points, duration: limits[name].durationSeconds });
      limiters.set(name, l);
    }
    return l;
  };

  // Read once from the database every instance shares, so they all derive the same keys.
  let secret: Promise<Buffer> | undefined;
  const secretOf = (em: EntityManager): Promise<Buffer> => {
    secret ??= readServerSecret(em, 'rate_limit_key').catch((error: unknown) => {
      secret = undefined;
      throw error;
    });
    return secret;
  };
  const keyOf = async (subject: LimitSubject): Promise<string> => {
    const key = await (secret ?? secretOf(orm.em.fork()));
    return (typeof subject === 'string' ? [subject] : subject).map((value) => limitKeyPart(key, value)).join('.');
  };

  const keyParts = async (values: readonly string[], em = orm.em.fork()): Promise<string[]> => {
    const key = await secretOf(em);
    return values.map((value) => limitKeyPart(key, value));
  };
  const forgetInRedis = async (parts: readonly string[]): Promise<void> => {
    for (const part of parts) await store.forgetInRedis(part);
  };

  return {
    async consume(name, subject) {
      const key = await keyOf(subject);
      try {
        await limiter(name).consume(key, 1);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw errors.rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        throw rejection;
      }
    },
    async refund(name, subject) {
      await limiter(name).reward(await keyOf(subject), 1);
    },
    keyParts,
    async forgetInDatabase(parts, em) {
      for (const part of parts) await forgetInDatabase(part, em);
    },
    forgetInRedis,
    async forget(values) {
      const em = orm.em.fork();
      const parts = await keyParts(values, em);
      for (const part of parts) await forgetInDatabase(part, em);
      await forgetInRedis(parts);
    },
    redisReachable: () => store.reachable(),
    close: () => store.close(),
  };
}

interface Store {
  create(opts: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract;
  /** Deletes every Redis key holding this part; rejects when Redis cannot be reached. */
  forgetInRedis(part: string): Promise<void>;
  reachable(): Promise<boolean | null>;
  close(): Promise<void>;
}

function openStore(orm: Orm, redisUrl: string | undefined, onRedisChange?: (reachable: boolean) => void): Store {
  if (redisUrl) {
    const client = new Redis(redisUrl, {
      // Never queue a command for later: a refused command goes to the insurance store at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    });
    let up = false;
    const changed = (now: boolean) => {
      if (now !== up) onRedisChange?.(now);
      up = now;
    };
    client.on('ready', () => changed(true));
    client.on('close', () => changed(false));
    // ioredis reports every failed reconnection as an error event; the state change above is what matters.
    client.on('error', () => {});
    return {
      create: (opts) =>
        new RateLimiterRedis({
          storeClient: client,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new OrmRateLimiter(orm, opts),
          ...opts,
        }),
      async forgetInRedis(part) {
        // SCAN patterns ignore ioredis' keyPrefix while DEL adds it: match with it, delete without.
        const prefix = client.options.keyPrefix ?? '';
        for await (const keys of client.scanStream({ match: `${prefix}*${part}*`, count: 1000 }) as AsyncIterable<string[]>) {
          if (keys.length > 0) await client.del(...keys.map((k) => k.slice(prefix.length)));
        }
      },
      async reachable() {
        if (client.status !== 'ready') return false;
        try {
          return (await client.ping()) === 'PONG';
        } catch {
          return false;
        }
      },
      close: () => {
        client.disconnect();
        return Promise.resolve();
      },
    };
  }
  return {
    create: (opts) => new OrmRateLimiter(orm, opts),
    forgetInRedis: () => Promise.resolve(),
    reachable: () => Promise.resolve(null),
    close: () => Promise.resolve(),
  };
}

async function forgetInDatabase(part: string, em: EntityManager): Promise<void> {
  // Parts are hex, so the pattern matches nothing but the part itself.
  await em.execute('delete from rate_limit where key like ?', [`%${part}%`]);
}
