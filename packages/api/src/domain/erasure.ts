import { randomBytes } from 'node:crypto';
import {
  AuditEvent,
  Invitation,
  Membership,
  Organization,
  OutboxMail,
  User,
  type AuditVia,
  type EntityManager,
} from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { errors } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { recordAudit } from './audit.js';
import { lockOwnership } from './ownership.js';
import type { Principal } from './principal.js';
import type { RequestMeta } from './profile.js';

export interface ErasureRequest {
  /** Who asked: the user themselves, an owner of their organisation, or its identity provider (SCIM). */
  actor: Pick<Principal, 'userId'> & { via: AuditVia };
  meta: RequestMeta;
  /** The rate limits, whose counts for the user's id and email go with the account. */
  limits: Pick<RateLimits, 'forget'>;
}

export interface ErasureResult {
  /** The opaque id that now stands for the user in the audit log. */
  opaqueId: string;
  organizationDeleted: boolean;
}

/**
 * Erases a user (SPEC §6), for self-deletion and for removal by an owner alike, in one
 * transaction: sessions, API keys, notifications, preferences, mail, rate-limit counts, team places and the
 * membership go (foreign keys cascade from the user row); audit rows stay, with the user reduced
 * to an opaque id and the ip and user agent of what they did erased. The sole owner of an org
 * with other members is refused (SOLE_OWNER); the sole member takes the organisation with them.
 */
export async function eraseAccount(em: EntityManager, userId: string, request: ErasureRequest): Promise<ErasureResult> {
  const self = request.actor.userId === userId;
  return em.transactional(async (tx) => {
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
    await scrubAuditMetadata(tx, [userId, email], opaqueId);
    await tx.nativeUpdate(AuditEvent, { actorId: userId }, { actorId: opaqueId, ip: null, userAgent: null });
    await tx.nativeUpdate(AuditEvent, { targetId: userId }, { targetId: opaqueId });
    await tx.nativeUpdate(Invitation, { invitedBy: userId }, { invitedBy: opaqueId });
    await tx.nativeDelete(Invitation, { email });
    // Mail to the address sent before the account existed (invitations) has no user to cascade from.
    await tx.nativeDelete(OutboxMail, { toAddress: email });
    // Limiter counts are keyed by hashes of the id and the email: still the user's, so they go too.
    await request.limits.forget([userId, email], tx);

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
    await tx.flush();

    // The user row's foreign keys cascade to everything personal (see the migrations).
    await tx.nativeDelete(User, { id: userId });
    if (organizationDeleted) await tx.nativeDelete(Organization, { id: org.id });
    return { opaqueId, organizationDeleted };
  });
}

/** The account went while this erasure waited: its own session with it, or the member for whoever removes them. */
function alreadyErased(self: boolean): TRPCError {
  return self ? errors.signInRequired() : new TRPCError({ code: 'NOT_FOUND', message: 'No such member' });
}

/** Audit metadata may name the user (a key's owner, an invitee's email): replace those too. */
async function scrubAuditMetadata(em: EntityManager, identifiers: string[], opaqueId: string): Promise<void> {
  const postgres = em.getPlatform().constructor.name.startsWith('Postgre');
  const column = postgres ? 'cast(metadata as text)' : 'metadata';
  const knex = em.getKnex();
  for (const identifier of identifiers) {
    const rows = await em.execute<{ id: string; metadata: unknown }[]>(
      knex('audit_event').select('id', 'metadata').whereRaw(`${column} like ?`, [`%${identifier}%`]),
    );
    for (const row of rows) {
      const text = typeof row.metadata === 'string' ? row.metadata : JSON.stringify(row.metadata);
      const scrubbed = JSON.parse(text.replaceAll(identifier, opaqueId)) as Record<string, unknown>;
      await em.nativeUpdate(AuditEvent, { id: row.id }, { metadata: scrubbed });
    }
  }
}
