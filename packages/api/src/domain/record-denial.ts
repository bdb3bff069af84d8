import type { AuditVia, Orm } from '@gatehouse/db';
import { reasonOf } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { recordAudit } from './audit.js';

export interface Denial {
  /** 403 (a permission refusal) or 429 (a limit). */
  kind: 'forbidden' | 'rateLimited';
  /** The SPEC reason (INSUFFICIENT_ROLE, INVALID_ORIGIN, RATE_LIMITED, …), or the error code without one. */
  reason: string;
  /** Who was refused, when the request got as far as knowing; otherwise it is known by its address. */
  actor: { id: string; orgId: string; via: AuditVia } | null;
  /** What was refused: a procedure path, or a SCIM operation. */
  operation: string;
  ip: string | null;
  userAgent: string | null;
}

export const DENIAL_ACTIONS = { forbidden: 'security.access_denied', rateLimited: 'security.rate_limited' } as const;

/**
 * Leaves a trace of a refused request in the audit log, where an organisation's owners see what
 * its members and keys were refused. A flood must not flood the log: at most one row per actor
 * (or address, when anonymous) and reason per minute, counted in the shared limiter store, so it
 * holds across instances. Written on its own, after the refused call's transaction is gone.
 */
export async function recordDenial(orm: Orm, limits: Pick<RateLimits, 'consume'>, denial: Denial): Promise<void> {
  const who = denial.actor ? [denial.actor.id] : ['anonymous', denial.ip ?? 'unknown'];
  try {
    await limits.consume('denialAudit', [...who, denial.reason]);
  } catch (error) {
    if (reasonOf(error) === 'RATE_LIMITED') return;
    throw error;
  }
  const em = orm.em.fork();
  recordAudit(em, {
    action: DENIAL_ACTIONS[denial.kind],
    orgId: denial.actor?.orgId ?? null,
    actorId: denial.actor?.id ?? null,
    via: denial.actor?.via ?? 'session',
    ip: denial.ip,
    userAgent: denial.userAgent,
    metadata: { reason: denial.reason, operation: denial.operation },
  });
  await em.flush();
}
