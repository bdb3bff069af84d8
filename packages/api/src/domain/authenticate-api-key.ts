import { ApiKey, selectRows, type EntityManager, type MemberKind, type Role } from '@gatehouse/db';
import { timingSafeEqual } from 'node:crypto';
import { hashApiKey, parseApiKey } from '../auth/api-key-format.js';
import { errors } from '../errors.js';
import { assertNotSuspended, keyPrincipalVia } from './account-status.js';
import type { Scope } from './permissions.js';
import type { Principal } from './principal.js';

/**
 * One row per secret of the key (at most two: the current one and, during a rotation, the
 * previous one), each carrying the key and its owner's membership. Every lookup goes through the
 * unique index on `public_id`, then the indexes on `api_key_secret.key_id` and
 * `membership.user_id` (and the organisation's primary key, for its MFA policy): one statement,
 * whether the key exists or not.
 */
export const KEY_LOOKUP_SQL = `select k.id, k.user_id, k.scopes, k.expires_at, k.last_used_at,
            s.secret_hash, s.expires_at as secret_expires_at,
            m.organization_id, m.role, m.kind, m.suspended_at, o.require_mfa
       from api_key k
       inner join api_key_secret s on s.key_id = k.id
       left join membership m on m.user_id = k.user_id
       left join organization o on o.id = m.organization_id
      where k.public_id = ?`;

type Timestamp = Date | number | string;

interface KeyLookupRow {
  id: string;
  user_id: string;
  /** JSON text from SQLite, already parsed by PostgreSQL's driver. */
  scopes: string | string[];
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  secret_hash: string;
  secret_expires_at: Timestamp | null;
  organization_id: string | null;
  role: Role | null;
  kind: MemberKind | null;
  suspended_at: Timestamp | null;
  /** 0/1 from SQLite, a boolean from PostgreSQL. */
  require_mfa: boolean | number | null;
}

/** A key never has more than two live secrets; every lookup compares exactly this many hashes. */
export const COMPARED_SECRETS = 2;

/**
 * What an unknown id is compared against, so it costs what a known id with a wrong secret costs.
 * A random value nobody holds the preimage of: it can never match.
 */
const STAND_IN_HASH = Buffer.from(hashApiKey(`stand-in ${Date.now()} ${Math.random()}`), 'hex');

/** lastUsedAt is kept to the minute: written at most once a minute per key, never per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Keys this process has just stamped, and when: 50 requests racing past the minute boundary
 * write once, not 50 times. Bounded, so a flood of distinct keys cannot grow it without end;
 * losing it only costs one more (conditional, idempotent) write.
 */
const stamped = new Map<string, number>();
const STAMPED_LIMIT = 10_000;

/**
 * Bearer authentication: the principal of a valid, unexpired key with a live secret, with its
 * owner's current role. Unknown, expired, revoked and rotated-out keys all fail the same way, and
 * they cost the same work: one statement and the same number of constant-time comparisons
 * (against a stand-in hash where the key has fewer secrets or does not exist), so response time
 * does not tell a real key id from a made-up one.
 */
export async function authenticateApiKey(em: EntityManager, presented: string): Promise<Principal> {
  const parsed = parseApiKey(presented);
  if (!parsed) throw errors.invalidApiKey(); // malformed or bad checksum: no database read
  const rows = await selectRows<KeyLookupRow>(em, KEY_LOOKUP_SQL, [parsed.publicId]);
  const now = Date.now();
  const presentedHash = Buffer.from(hashApiKey(presented), 'hex');

  let matched: KeyLookupRow | null = null;
  for (let i = 0; i < COMPARED_SECRETS; i++) {
    const row = rows[i];
    const candidate = row ? Buffer.from(row.secret_hash, 'hex') : STAND_IN_HASH;
    // Every candidate is compared, whatever the earlier ones gave; a stored hash of another
    // length (never written by Gatehouse) is compared with the stand-in and cannot match.
    const sameLength = candidate.length === presentedHash.length;
    const equal = timingSafeEqual(sameLength ? candidate : STAND_IN_HASH, presentedHash) && sameLength;
    if (equal && row && (row.secret_expires_at === null || epochMs(row.secret_expires_at) > now)) matched = row;
  }
  if (!matched || epochMs(matched.expires_at) <= now) throw errors.invalidApiKey();
  if (!matched.organization_id || !matched.role) throw errors.invalidApiKey();
  assertNotSuspended({ suspendedAt: matched.suspended_at === null ? null : new Date(epochMs(matched.suspended_at)) });

  await stampLastUsed(em, matched, now);
  return {
    userId: matched.user_id,
    orgId: matched.organization_id,
    role: matched.role,
    via: keyPrincipalVia(matched.kind ?? undefined),
    keyId: matched.id,
    scopes: (typeof matched.scopes === 'string' ? JSON.parse(matched.scopes) : matched.scopes) as Scope[],
    orgRequiresMfa: Boolean(matched.require_mfa),
  };
}

/** SQLite gives epoch ms, PostgreSQL Dates (or strings): all three read the same. */
function epochMs(value: Timestamp): number {
  return value instanceof Date ? value.getTime() : new Date(value).getTime();
}

async function stampLastUsed(em: EntityManager, row: KeyLookupRow, now: number): Promise<void> {
  const cutoff = now - LAST_USED_RESOLUTION_MS;
  if (row.last_used_at !== null && epochMs(row.last_used_at) > cutoff) return;
  if ((stamped.get(row.id) ?? 0) > cutoff) return;
  if (stamped.size >= STAMPED_LIMIT) stamped.clear();
  stamped.set(row.id, now);
  // Conditional, so instances sharing the database also write about once a minute between them.
  await em.nativeUpdate(
    ApiKey,
    { id: row.id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lte: new Date(cutoff) } }] },
    { lastUsedAt: new Date(now) },
  );
}
