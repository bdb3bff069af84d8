import type { EntityManager } from '@gatehouse/db';

/**
 * Serialises owner changes within one organisation, so two owners demoting or removing each
 * other at once cannot both pass the "another owner remains" check. SQLite runs one write
 * transaction at a time on its single connection already; PostgreSQL needs the row lock.
 */
export async function lockOwnership(tx: EntityManager, orgId: string): Promise<void> {
  if (tx.getPlatform().constructor.name.startsWith('Postgre')) {
    await tx.execute('select id from organization where id = ? for update', [orgId]);
  }
}
