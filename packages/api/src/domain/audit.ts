import { AuditEvent, type AuditVia, type EntityManager } from '@gatehouse/db';

export interface AuditEntry {
  action: string;
  orgId: string | null;
  actorId: string | null;
  via: AuditVia;
  targetType?: string | null;
  targetId?: string | null;
  /** A user the event concerns besides actor and target (a key's owner); erasure rewrites it. */
  subjectId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Never a secret, token or hash: callers pass ids, prefixes and changed field names only. */
  metadata?: Record<string, unknown> | null;
}

/** Adds an audit row to the unit of work; it is written with the caller's transaction. */
export function recordAudit(em: EntityManager, entry: AuditEntry): AuditEvent {
  return em.create(AuditEvent, {
    action: entry.action,
    orgId: entry.orgId,
    actorId: entry.actorId,
    via: entry.via,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    subjectId: entry.subjectId ?? null,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent ?? null,
    metadata: entry.metadata ?? null,
  });
}
