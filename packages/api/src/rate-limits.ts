import type { Orm } from '@gatehouse/db';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { errors } from './errors.js';
import { OrmRateLimiter } from './rate-limit-store.js';

export type LimitName = 'signUp' | 'signIn' | 'signInIp' | 'sudo' | 'keyMint' | 'export' | 'deletion' | 'scim';
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
};

export interface RateLimits {
  /** Takes one point or throws RATE_LIMITED with the wait. Atomic in the shared store. */
  consume(name: LimitName, key: string): Promise<void>;
  /** Gives a point back (an attempt that turned out legitimate). */
  refund(name: LimitName, key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  redisUrl?: string | undefined;
  limits?: Partial<Record<LimitName, Limit>>;
}

/**
 * Limits live where every server instance sees them: Redis when REDIS_URL is set, otherwise the
 * database itself (the `rate_limit` table the migrations create). Never process memory.
 */
export function createRateLimits(orm: Orm, options: RateLimitOptions = {}): RateLimits {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = openStore(orm, options.redisUrl);
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const limiter = (name: LimitName): RateLimiterAbstract => {
    let l = limiters.get(name);
    if (!l) {
      l = store.create({ keyPrefix: name, points: limits[name].points, duration: limits[name].durationSeconds });
      limiters.set(name, l);
    }
    return l;
  };

  return {
    async consume(name, key) {
      try {
        await limiter(name).consume(key, 1);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw errors.rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        throw rejection;
      }
    },
    async refund(name, key) {
      await limiter(name).reward(key, 1);
    },
    close: () => store.close(),
  };
}

interface Store {
  create(opts: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract;
  close(): Promise<void>;
}

function openStore(orm: Orm, redisUrl: string | undefined): Store {
  if (redisUrl) {
    const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    return {
      create: (opts) => new RateLimiterRedis({ storeClient: client, ...opts }),
      close: () => {
        client.disconnect();
        return Promise.resolve();
      },
    };
  }
  return { create: (opts) => new OrmRateLimiter(orm, opts), close: () => Promise.resolve() };
}
