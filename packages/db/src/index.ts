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
export { isDatabaseAway, isDatabaseUnavailable } from './availability.js';
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
  const open = async (): Promise<Orm> => (await MikroORM.init(ormOptions(target, options))) as unknown as Orm;
  if (!(options.migrate ?? true)) return open();
  // SQLite opens inside the lock as well: the first connections to a new file switch it to WAL,
  // and instances doing that together fail with SQLITE_BUSY or a read error however long they wait.
  const opensUnderLock = target.kind === 'sqlite';
  let orm = opensUnderLock ? undefined : await open();
  try {
    const applied = await withMigrationLock(target, async () => {
      orm ??= await open();
      return orm.getMigrator().up();
    });
    options.onMigrated?.(applied.map((m) => m.name));
  } catch (err) {
    await orm?.close(true);
    throw err;
  }
  return orm!;
}

export async function isDatabaseReachable(orm: Orm): Promise<boolean> {
  try {
    return await orm.isConnected();
  } catch {
    return false;
  }
}
