import type { AuditVia, EntityManager } from '@gatehouse/db';
import { recordAudit } from '../audit.js';
import { notify } from '../notifications.js';
import type { RequestMeta } from '../profile.js';

export interface MfaEvent {
  /** `mfa.…`: the prefix puts it in the user's security log (domain/security-log.ts). */
  action: `mfa.${string}`;
  /** The account the factor belongs to. */
  userId: string;
  orgId: string | null;
  /** Who did it: the user, an owner (a reset), or nobody known (a failed code at sign-in). */
  actorId: string | null;
  via: AuditVia;
  metadata?: Record<string, unknown> | null;
  /** The security mail (and in-app notice) the account's owner gets. */
  notice: { title: string; body: string };
}

/**
 * Every enrolment, removal, backup-code use and failure is audited and mailed as security mail
 * (SPEC §9), in the caller's transaction: the mail is queued with the change or not at all.
 */
export async function recordMfaEvent(em: EntityManager, event: MfaEvent, meta: RequestMeta): Promise<void> {
  recordAudit(em, {
    action: event.action,
    orgId: event.orgId,
    actorId: event.actorId,
    via: event.via,
    targetType: 'user',
    targetId: event.userId,
    metadata: event.metadata ?? null,
    ...meta,
  });
  await notify(em, event.userId, {
    category: 'security',
    type: event.action,
    title: event.notice.title,
    body: `${event.notice.body}${meta.ip ? ` (from ${meta.ip})` : ''}`,
  });
}
