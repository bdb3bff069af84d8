// The shared Redis (CI starts one on 127.0.0.1:6379; REDIS_URL names another). Never flushed:
// each test works under a key prefix of its own and deletes only its own keys.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RedisNamespace {
  /** REDIS_URL for the code under test: ioredis takes connection options from the query, keyPrefix among them. */
  url: string;
  prefix: string;
  /** Every key under this namespace, prefix included. */
  keys(): Promise<string[]>;
  /** Deletes this namespace's keys and disconnects. */
  drop(): Promise<void>;
}

export function redisNamespace(label: string): RedisNamespace {
  const base = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  const prefix = `gatehouse-test:${label}:${randomBytes(6).toString('hex')}:`;
  const url = new URL(base);
  url.searchParams.set('keyPrefix', prefix);
  const admin = new Redis(base.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  const keys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found.sort();
  };
  return {
    url: url.toString(),
    prefix,
    keys,
    async drop() {
      const found = await keys();
      if (found.length > 0) await admin.del(...found);
      admin.disconnect();
    },
  };
}
