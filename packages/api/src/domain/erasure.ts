import { randomBytes } from 'node:crypto';
import { Invitation, Job, Membership, Organization, OutboxMail, User, type AuditVia, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { errors } from '../errors.js';
import { enqueueJob } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/runner.js';
import type { RateLimits } from '../rate-limits.js';
import { recordAudit } from './audit.js';
import { lockOwnership } from './ownership.js';
import type { Principal } from './principal.js';
import type { RequestMeta } from './profile.js';

export type ErasureLimits = Pick<RateLimits, 'keyParts' | 'forgetInDatabase' | 'forgetInRedis'>;

export interface ErasureRequest {
  /** Who asked: the user themselves, an owner of their organisation, or its identity provider (SCIM). */
  actor: Pick<Principal, 'userId'> & { via: AuditVia };
  meta: RequestMeta;
  /** The rate limits, whose counts for the user's id and email go with the account. */
  limits: ErasureLimits;
}

export interface ErasureResult {
  /** The opaque id that now stands for the user in the audit log. */
  opaqueId: string;
  organizationDeleted: boolean;
}

/** What is left to do once the account is gone: the job's payload, and what finishErasure takes. */
export interface ErasedAccount extends ErasureResult {
  userId: string;
  /** The limiter's keyed hashes of the user's id and email, still to be deleted from Redis. */
  limitKeys: string[];
}

/** Finishes an erasure if the request that began it could not: a crash, the database or Redis away. */
export const ERASURE_JOB = 'account.erasure';
/** Enough tries, backing off to an hour, to outlast a day-long Redis outage (a limit's longest window). */
const ERASURE_MAX_ATTEMPTS = 30;
/** The request finishes the work itself; the job is the insurance, due only after this. */
const ERASURE_JOB_DELAY_MS = 60_000;
const AUDIT_BATCH_SIZE = 1000;

/**
 * Erases a user (SPEC §6), for self-deletion and for removal by SCIM alike. One transaction,
 * under the organisation's lock, removes the account: sessions, API keys, notifications,
 * preferences, mail, the membership go (foreign keys cascade from the user row), and so do the
 * rate-limit counts kept in the database. The audit rows stay, with the user reduced to an opaque
 * id and the ip and user agent of what they did erased; that rewrite can touch thousands of rows,
 * so it runs after the commit, outside the lock, in batches by indexed columns (finishErasure).
 * The sole owner of an org with other members is refused (SOLE_OWNER); the sole member takes the
 * organisation with them.
 */
export async function eraseAccount(em: EntityManager, userId: string, request: ErasureRequest): Promise<ErasureResult> {
  const erased = await em.transactional((tx) => removeAccount(tx, userId, request));
  await finishErasure(em, erased, request.limits);
  return { opaqueId: erased.opaqueId, organizationDeleted: erased.organizationDeleted };
}

/**
 * The transactional half of an erasure, for callers holding their own transaction (an owner's
 * removal checks the last owner under the same lock). Queues the rest as a job in the same
 * transaction; call finishErasure after the commit.
 */
export async function removeAccount(tx: EntityManager, userId: string, request: ErasureRequest): Promise<ErasedAccount> {
  const self = request.actor.userId === userId;
  const membership = await tx.findOne(Membership, { user: userId }, { populate: ['organization'] });
  if (!membership) throw alreadyErased(self);
  const org = membership.organization;
  await lockOwnership(tx, org.id);
  // Two erasures of one account (two sessions, or an owner and the user) meet at the lock: the
  // later one must find the account gone, not erase the remains of it a second time.
  if ((await tx.count(Membership, { user: userId })) === 0) throw alreadyErased(self);
  // People only: service accounts belong to the organisation and go with it.
  const members = await tx.count(Membership, { organization: org.id, kind: 'person' });
  if (membership.role === 'owner' && members > 1) {
    const owners = await tx.count(Membership, { organization: org.id, role: 'owner' });
    if (owners === 1) throw errors.soleOwner();
  }

  // Random, so the opaque id cannot be linked back to the user id by anyone.
  const opaqueId = `erased-${randomBytes(12).toString('hex')}`;
  const { email } = await tx.findOneOrFail(User, { id: userId }, { fields: ['email'] });
  await tx.nativeUpdate(Invitation, { invitedBy: userId }, { invitedBy: opaqueId });
  await tx.nativeDelete(Invitation, { email });
  // Mail to the address sent before the account existed (invitations) has no user to cascade from.
  await tx.nativeDelete(OutboxMail, { toAddress: email });
  // Limiter counts are keyed by hashes of the id and the email: still the user's, so they go too.
  const limitKeys = await request.limits.keyParts([userId, email], tx);
  await request.limits.forgetInDatabase(limitKeys, tx);

  const organizationDeleted = members === 1;
  recordAudit(tx, {
    action: self ? 'user.deleted' : 'member.removed',
    orgId: org.id,
    actorId: self ? opaqueId : request.actor.userId,
    via: request.actor.via,
    targetType: 'user',
    targetId: opaqueId,
    metadata: organizationDeleted ? { organizationDeleted: true } : null,
    ...(self ? { ip: null, userAgent: null } : request.meta),
  });
  const erased: ErasedAccount = { userId, opaqueId, organizationDeleted, limitKeys };
  // Committed with the erasure or not at all: whatever happens to this process next, the audit
  // rewrite and the Redis counts are finished by someone.
  enqueueJob(tx, {
    kind: ERASURE_JOB,
    key: erasureJobKey(opaqueId),
    payload: { ...erased },
    runAt: new Date(Date.now() + ERASURE_JOB_DELAY_MS),
    maxAttempts: ERASURE_MAX_ATTEMPTS,
  });
  await tx.flush();

  // The user row's foreign keys cascade to everything personal (see the migrations).
  await tx.nativeDelete(User, { id: userId });
  if (organizationDeleted) await tx.nativeDelete(Organization, { id: org.id });
  return erased;
}

/**
 * After the commit: pseudonymises the audit trail and deletes the Redis counts, then drops the
 * queued job that would have done it. Whatever fails here (Redis away, the database blinking) is
 * left to that job and retried with backoff: the account is already gone, so the caller is not
 * told of a failure that is not theirs to fix.
 */
export async function finishErasure(em: EntityManager, erased: ErasedAccount, limits: ErasureLimits): Promise<void> {
  try {
    await pseudonymiseAuditTrail(em.fork(), erased.userId, erased.opaqueId);
    await limits.forgetInRedis(erased.limitKeys);
    // A runner that already took the job finishes it itself; this only drops one still waiting.
    await em.fork().nativeDelete(Job, { key: erasureJobKey(erased.opaqueId), lockedBy: null });
  } catch {
    // The job (ERASURE_JOB) is due within a minute and retries until it succeeds.
  }
}

/** The job that finishes an erasure; it holds the user's id and limiter hashes only until it is done. */
export function erasureJob(limits: ErasureLimits): JobHandler {
  const forgetPayload = (em: EntityManager, jobId: string) => em.nativeUpdate(Job, { id: jobId }, { payload: null });
  return {
    repeatable: true,
    async run(em, job) {
      const erased = job.payload as ErasedAccount | null;
      if (!erased) return;
      await pseudonymiseAuditTrail(em, erased.userId, erased.opaqueId);
      await limits.forgetInRedis(erased.limitKeys);
      await forgetPayload(em, job.id);
    },
    async dead(em, job) {
      // Out of tries after a day and more: every Redis count has expired with its window by now.
      await forgetPayload(em, job.id);
    },
  };
}

const erasureJobKey = (opaqueId: string) => `erasure:${opaqueId}`;

/**
 * Rewrites every audit row naming the user as actor, target or subject to the opaque id, by the
 * indexed column, `batchSize` rows per statement; ip and user agent go from what they did, and any
 * mention of their id in those rows' metadata (a key's owner) becomes the opaque id too.
 * Idempotent: a second run finds nothing left.
 */
export async function pseudonymiseAuditTrail(
  em: EntityManager,
  userId: string,
  opaqueId: string,
  batchSize = AUDIT_BATCH_SIZE,
): Promise<number> {
  const knex = em.getKnex();
  const postgres = em.getPlatform().constructor.name.startsWith('Postgre');
  const metadata = postgres
    ? knex.raw('cast(replace(cast(metadata as text), ?, ?) as json)', [userId, opaqueId])
    : knex.raw('replace(metadata, ?, ?)', [userId, opaqueId]);
  const columns = [
    { column: 'actor_id', set: { actor_id: opaqueId, ip: null, user_agent: null } },
    { column: 'target_id', set: { target_id: opaqueId } },
    { column: 'subject_id', set: { subject_id: opaqueId } },
  ];
  let rewritten = 0;
  for (const { column, set } of columns) {
    for (;;) {
      // Each statement rewrites one batch and moves it out of `column = userId`: the next finds the rest.
      const batch = knex('audit_event').select('id').where(column, userId).limit(batchSize);
      const updated = await em.getConnection().execute<{ affectedRows: number }>(
        knex('audit_event').whereIn('id', batch).update({ ...set, metadata }),
        [],
        'run',
      );
      rewritten += updated.affectedRows;
      if (updated.affectedRows < batchSize) break;
    }
  }
  return rewritten;
}

/** The account went while this erasure waited: its own session with it, or the member for whoever removes them. */
function alreadyErased(self: boolean): TRPCError {
  return self ? errors.signInRequired() : new TRPCError({ code: 'NOT_FOUND', message: 'No such member' });
}
