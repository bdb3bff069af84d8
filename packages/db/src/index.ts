import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { ormOptions, parseDatabaseUrl, type DatabaseTarget } from './config.js';

export * from './entities/index.js';
export { newId } from './ids.js';
export { selectRows } from './rows.js';
export { parseDatabaseUrl, ormOptions, type DatabaseTarget, type DatabaseKind } from './config.js';
export { migrationsList } from './migrations/index.js';
export type { EntityManager } from '@mikro-orm/knex';
export { UniqueConstraintViolationException } from '@mikro-orm/core';

/** The ORM as every package sees it: SQL drivers only (SQLite or PostgreSQL). */
export type Orm = MikroORM<AbstractSqlDriver>;

/** Connects and applies every pending migration: the server and the tests both start here. */
export async function openDatabase(
  urlOrTarget: string | DatabaseTarget,
  options: { migrate?: boolean; debug?: boolean; onMigrated?: (names: string[]) => void } = {},
): Promise<Orm> {
  const target = typeof urlOrTarget === 'string' ? parseDatabaseUrl(urlOrTarget) : urlOrTarget;
  const orm = (await MikroORM.init(ormOptions(target, options))) as unknown as Orm;
  if (options.migrate ?? true) {
    const applied = await orm.getMigrator().up();
    options.onMigrated?.(applied.map((m) => m.name));
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
