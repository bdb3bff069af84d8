import { ApiKey, Membership, Session, type EntityManager } from '@gatehouse/db';
import { recordAudit, type AuditEntry } from './audit.js';
import { lockOwnership } from './ownership.js';

export type SuspensionActor = Pick<AuditEntry, 'actorId' | 'via' | 'ip' | 'userAgent' | 'metadata'>;

/**
 * Suspends or restores a member (SPEC §11). While suspended, every session and key of theirs is
 * refused on its very next request (principal resolution reads the membership each time) and
 * sign-in is refused the same way. Restoring gives back sign-in only: the sessions and keys the
 * suspension cut off are ended for good here, so a restored member starts afresh. Returns
 * whether anything changed. The organisation's last active owner cannot be suspended.
 */
export async function setMemberSuspended(
  tx: EntityManager,
  membership: Membership,
  suspended: boolean,
  actor: SuspensionActor,
): Promise<'changed' | 'unchanged' | 'last-owner'> {
  if ((membership.suspendedAt != null) === suspended) return 'unchanged';
  const orgId = membership.organization.id;
  const userId = membership.user.id;
  if (suspended && membership.role === 'owner') {
    await lockOwnership(tx, orgId);
    const activeOwners = await tx.count(Membership, { organization: orgId, role: 'owner', suspendedAt: null });
    if (activeOwners <= 1) return 'last-owner';
  }
  membership.suspendedAt = suspended ? new Date() : null;
  if (!suspended) {
    await tx.nativeDelete(Session, { user: userId });
    await tx.nativeDelete(ApiKey, { user: userId });
  }
  recordAudit(tx, {
    ...actor,
    action: suspended ? 'member.suspended' : 'member.restored',
    orgId,
    targetType: 'user',
    targetId: userId,
  });
  return 'changed';
}
