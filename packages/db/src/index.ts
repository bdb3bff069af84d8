import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { ormOptions, parseDatabaseUrl, type DatabaseTarget } from './config.js';
import { withMigrationLock } from './migration-lock.js';

export * from './entities/index.js';
export { newId } from './ids.js';
export { selectRows } from './rows.js';
export { readServerSecret, type ServerSecretName } from './server-secrets.js';
export { parseDatabaseUrl, ormOptions, type DatabaseTarget, type DatabaseKind } from './config.js';
export { migrationsList } from './migrations/index.js';
export { isDatabaseUnavailable } from './availability.js';
export type { EntityManager } from '@mikro-orm/knex';
export { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';

/** The ORM as every package sees it: SQL drivers only (SQLite or PostgreSQL). */
export type Orm = MikroORM<AbstractSqlDriver>;

/**
 * Connects and applies every pending migration: the server, `gatehouse migrate` and the tests
 * all start here. Migrating takes the migration lock, so of several instances started
 * together exactly one runs the migrations and the others find nothing pending.
 */
export async function openDatabase(
  urlOrTarget: string | DatabaseTarget,
  options: { migrate?: boolean; debug?: boolean; onMigrated?: (names: string[]) => void } = {},
): Promise<Orm> {
  const target = typeof urlOrTarget === 'string' ? parseDatabaseUrl(urlOrTarget) : urlOrTarget;
  const orm = (await MikroORM.init(ormOptions(target, options))) as unknown as Orm;
  if (options.migrate ?? true) {
    try {
      const applied = await withMigrationLock(target, () => orm.getMigrator().up());
      options.onMigrated?.(applied.map((m) => m.name));
    } catch (err) {
      await orm.close(true);
      throw err;
    }
  }
  return orm;
}

export async function isDatabaseReachable(orm: Orm): Promise<boolean> {
  try {
    return await orm.isConnected();
  } catch {
    return false;
  }
}
