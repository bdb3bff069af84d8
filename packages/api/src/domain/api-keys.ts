import { ApiKey, ApiKeySecret, newId, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import {
  formatApiKey,
  hashApiKey,
  keyPrefix,
  newKeyPublicId,
} from '../auth/api-key-format.js';
import { errors } from '../errors.js';
import { recordAudit } from './audit.js';
import { notify } from './notifications.js';
import { loadAccess, roleScopes } from './effective-permissions.js';
import type { Scope } from './permissions.js';
import type { Principal, SessionPrincipal } from './principal.js';
import type { RequestMeta } from './profile.js';

const DAY_MS = 86_400_000;

export interface ApiKeyMetadata {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  expired: boolean;
  /** While a rotation's grace period runs: when the previous secret stops working. */
  previousSecretExpiresAt: string | null;
}

export const keyNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such API key' });

function metadataOf(key: ApiKey, secrets: ApiKeySecret[], now = Date.now()): ApiKeyMetadata {
  const pending = secrets.find((s) => s.expiresAt && s.expiresAt.getTime() > now);
  return {
    id: key.id,
    name: key.name,
    prefix: keyPrefix(key.publicId),
    scopes: key.scopes as Scope[],
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expired: key.expiresAt.getTime() <= now,
    previousSecretExpiresAt: pending?.expiresAt?.toISOString() ?? null,
  };
}

/** Metadata of `userId`'s keys, newest first. Never a secret or a hash. */
export async function listApiKeys(em: EntityManager, userId: string): Promise<ApiKeyMetadata[]> {
  const keys = await em.find(ApiKey, { user: userId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  if (keys.length === 0) return [];
  const secrets = await em.find(ApiKeySecret, { key: { $in: keys.map((k) => k.id) } });
  return keys.map((key) => metadataOf(key, secrets.filter((s) => s.key.id === key.id)));
}

function audit(em: EntityManager, principal: Principal, action: string, key: ApiKey, meta: RequestMeta, extra = {}) {
  recordAudit(em, {
    action,
    orgId: principal.orgId,
    actorId: principal.userId,
    via: principal.via,
    targetType: 'api_key',
    targetId: key.id,
    // The owner is named by an indexed column too, so erasing them finds these rows without a scan.
    subjectId: key.user.id,
    metadata: { prefix: keyPrefix(key.publicId), name: key.name, ownerId: key.user.id, ...extra },
    ...meta,
  });
}

export interface CreateApiKey {
  name: string;
  scopes: Scope[];
  expiresInDays: number;
}

/** Mints a key for the caller. The returned secret exists nowhere else: it is shown once. */
export async function createApiKey(
  em: EntityManager,
  principal: SessionPrincipal,
  input: CreateApiKey,
  meta: RequestMeta,
): Promise<{ key: ApiKeyMetadata; secret: string }> {
  // Least privilege: a key can be given only rights its owner holds today.
  const allowed = roleScopes(await loadAccess(em, principal));
  return mintApiKey(em, principal, { userId: principal.userId, allowed, notify: true }, input, meta);
}

/** Whose key it is: the caller's own, or a service account's (which has no inbox to notify). */
export interface KeyHolder {
  userId: string;
  /** The coarse rights the holder may carry: scopes beyond them are refused. */
  allowed?: readonly Scope[];
  notify: boolean;
}

/** The one way a key is minted, for people and service accounts alike. */
export async function mintApiKey(
  em: EntityManager,
  actor: Principal,
  holder: KeyHolder,
  input: CreateApiKey,
  meta: RequestMeta,
): Promise<{ key: ApiKeyMetadata; secret: string }> {
  if (holder.allowed && input.scopes.some((s) => !holder.allowed!.includes(s))) throw errors.insufficientRole();

  return em.transactional(async (tx) => {
    let publicId = newKeyPublicId();
    while (await tx.count(ApiKey, { publicId })) publicId = newKeyPublicId();
    const secret = formatApiKey(publicId);
    // An explicit id, so the audit row below can name its target before the flush.
    const key = tx.create(ApiKey, {
      id: newId(),
      publicId,
      user: holder.userId,
      name: input.name,
      scopes: input.scopes,
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
    });
    const current = tx.create(ApiKeySecret, { key, secretHash: hashApiKey(secret), expiresAt: null });
    audit(tx, actor, 'api_key.created', key, meta, { scopes: input.scopes, expiresAt: key.expiresAt.toISOString() });
    await tx.flush();
    if (holder.notify) {
      await notify(tx, holder.userId, {
        category: 'api_keys',
        type: 'api_key.created',
        title: `API key "${key.name}" created`,
        body: `A new API key ${keyPrefix(key.publicId)} with scopes ${input.scopes.join(', ')} was created. It expires on ${key.expiresAt.toUTCString()}.`,
      });
    }
    await tx.flush();
    return { key: metadataOf(key, [current]), secret };
  });
}

export async function ownKey(em: EntityManager, userId: string, keyId: string): Promise<ApiKey> {
  // Scoped by owner in the query itself: another user's key id is simply not found.
  const key = await em.findOne(ApiKey, { id: keyId, user: userId });
  if (!key) throw keyNotFound();
  return key;
}

/**
 * The key row, locked for the rest of the transaction on PostgreSQL (SQLite runs one writing
 * transaction at a time anyway), so two rotations of one key take turns: each ends the older
 * pending secret the other left, and never more than two secrets live.
 */
async function lockedOwnKey(tx: EntityManager, userId: string, keyId: string): Promise<ApiKey> {
  if (tx.getPlatform().constructor.name.startsWith('Postgre')) {
    await tx.execute('select id from api_key where id = ? and user_id = ? for update', [keyId, userId]);
  }
  return ownKey(tx, userId, keyId);
}

/**
 * New secret for the same key (same id, name, scopes and expiry). The previous secret keeps
 * working for the grace period; an older pending secret ends now, so at most two are live.
 */
export async function rotateApiKey(
  em: EntityManager,
  principal: SessionPrincipal,
  input: { keyId: string; gracePeriodSeconds: number },
  meta: RequestMeta,
): Promise<{ key: ApiKeyMetadata; secret: string }> {
  return rotateKeyOf(em, principal, { userId: principal.userId, notify: true }, input, meta);
}

/** Rotation for any holder: `holder.userId` scopes the key lookup, so another holder's key is not found. */
export async function rotateKeyOf(
  em: EntityManager,
  principal: Principal,
  holder: KeyHolder,
  input: { keyId: string; gracePeriodSeconds: number },
  meta: RequestMeta,
): Promise<{ key: ApiKeyMetadata; secret: string }> {
  return em.transactional(async (tx) => {
    const key = await lockedOwnKey(tx, holder.userId, input.keyId);
    if (key.expiresAt.getTime() <= Date.now()) throw keyNotFound();
    await tx.nativeDelete(ApiKeySecret, { key: key.id, expiresAt: { $ne: null } });
    const graceEnds = new Date(Date.now() + input.gracePeriodSeconds * 1000);
    if (input.gracePeriodSeconds === 0) {
      await tx.nativeDelete(ApiKeySecret, { key: key.id });
    } else {
      await tx.nativeUpdate(ApiKeySecret, { key: key.id, expiresAt: null }, { expiresAt: graceEnds });
    }
    const secret = formatApiKey(key.publicId);
    tx.create(ApiKeySecret, { key, secretHash: hashApiKey(secret), expiresAt: null });
    audit(tx, principal, 'api_key.rotated', key, meta, { gracePeriodSeconds: input.gracePeriodSeconds });
    if (holder.notify) await notify(tx, holder.userId, {
      category: 'api_keys',
      type: 'api_key.rotated',
      title: `API key "${key.name}" rotated`,
      body:
        input.gracePeriodSeconds === 0
          ? `API key ${keyPrefix(key.publicId)} has a new secret; the previous one stopped working immediately.`
          : `API key ${keyPrefix(key.publicId)} has a new secret; the previous one keeps working until ${graceEnds.toUTCString()}.`,
    });
    await tx.flush();
    const secrets = await tx.find(ApiKeySecret, { key: key.id });
    return { key: metadataOf(key, secrets), secret };
  });
}

/** Ends the previous secret of a rotation now instead of at the end of its grace period. */
export async function completeRotation(
  em: EntityManager,
  principal: Principal,
  keyId: string,
  meta: RequestMeta,
  holderId = principal.userId,
): Promise<ApiKeyMetadata> {
  return em.transactional(async (tx) => {
    const key = await lockedOwnKey(tx, holderId, keyId);
    const ended = await tx.nativeDelete(ApiKeySecret, { key: key.id, expiresAt: { $ne: null } });
    if (ended > 0) audit(tx, principal, 'api_key.rotation_completed', key, meta);
    await tx.flush();
    return metadataOf(key, await tx.find(ApiKeySecret, { key: key.id }));
  });
}

/** Revokes a key at once (its secrets go with it). Used by the owner and, later, by org owners. */
export async function deleteApiKey(
  em: EntityManager,
  principal: Principal,
  key: ApiKey,
  meta: RequestMeta,
  notifyHolder = true,
): Promise<void> {
  await em.transactional(async (tx) => {
    // The delete decides: of two parallel deletions of one key, the one that removed nothing
    // (it waited for the other's commit) is NOT_FOUND and writes no audit row or notification.
    if ((await tx.nativeDelete(ApiKey, { id: key.id })) === 0) throw keyNotFound();
    audit(tx, principal, 'api_key.deleted', key, meta);
    const byOwner = principal.userId === key.user.id;
    if (notifyHolder) await notify(tx, key.user.id, {
      category: 'api_keys',
      type: 'api_key.deleted',
      title: `API key "${key.name}" deleted`,
      body: byOwner
        ? `API key ${keyPrefix(key.publicId)} was deleted; anything using it can no longer authenticate.`
        : `An owner of your organisation deleted your API key ${keyPrefix(key.publicId)}; anything using it can no longer authenticate.`,
    });
    await tx.flush();
  });
}

export async function deleteOwnApiKey(em: EntityManager, principal: SessionPrincipal, keyId: string, meta: RequestMeta) {
  await deleteApiKey(em, principal, await ownKey(em, principal.userId, keyId), meta);
}

/**
 * The periodic job: tells each owner once that a key expires within 7 days. Returns how many
 * reminders were queued. Safe to run on several instances: each key is claimed before notifying.
 */
export async function remindExpiringKeys(em: EntityManager, now = new Date()): Promise<number> {
  const soon = new Date(now.getTime() + 7 * DAY_MS);
  const keys = await em.find(ApiKey, { expiresAt: { $gt: now, $lte: soon }, expiryRemindedAt: null }, { limit: 500 });
  let sent = 0;
  for (const key of keys) {
    await em.transactional(async (tx) => {
      const claimed = await tx.nativeUpdate(ApiKey, { id: key.id, expiryRemindedAt: null }, { expiryRemindedAt: now });
      if (claimed === 0) return;
      await notify(tx, key.user.id, {
        category: 'api_keys',
        type: 'api_key.expiring',
        title: `API key "${key.name}" expires soon`,
        body: `API key ${keyPrefix(key.publicId)} expires on ${key.expiresAt.toUTCString()}. Create a replacement before then; keys cannot be extended.`,
      });
      sent++;
    });
  }
  return sent;
}
