// The audit table read whole, for tests that prove no call rewrites or deletes its rows.
import type { Orm } from '@gatehouse/db';

export type AuditRow = Record<string, unknown> & { id: string; action: string; actor_id: string | null; target_id: string | null };
export interface Erased {
  userId: string;
  email: string;
}

/** The whole audit table, every column, as the database holds it (JSON and dates made comparable). */
export async function auditTable(orm: Orm): Promise<Map<string, AuditRow>> {
  const rows = await orm.em.getConnection().execute<Record<string, unknown>[]>('select * from audit_event');
  return new Map(
    rows.map((raw) => {
      const row = Object.fromEntries(
        Object.entries(raw).map(([column, value]) => [
          column,
          value instanceof Date ? value.toISOString() : column === 'metadata' && typeof value === 'string' ? JSON.parse(value) : value,
        ]),
      ) as AuditRow;
      return [row.id, row];
    }),
  );
}

/** What erasure may make of an older row: the user's id and email replaced by the opaque id. */
export function pseudonymised(row: AuditRow, erased: Erased, opaqueId: string): AuditRow {
  const byThem = row.actor_id === erased.userId;
  const metadata =
    row.metadata == null
      ? row.metadata
      : (JSON.parse(JSON.stringify(row.metadata).replaceAll(erased.userId, opaqueId).replaceAll(erased.email, opaqueId)) as unknown);
  return {
    ...row,
    actor_id: byThem ? opaqueId : row.actor_id,
    target_id: row.target_id === erased.userId ? opaqueId : row.target_id,
    subject_id: row.subject_id === erased.userId ? opaqueId : row.subject_id,
    ip: byThem ? null : row.ip,
    user_agent: byThem ? null : row.user_agent,
    metadata,
  };
}
