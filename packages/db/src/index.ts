import { MikroORM } from '@mikro-orm/core';
import { ormOptions, parseDatabaseUrl, type DatabaseTarget } from './config.js';

export * from './entities/index.js';
export { newId } from './ids.js';
export { parseDatabaseUrl, ormOptions, type DatabaseTarget, type DatabaseKind } from './config.js';
export { migrationsList } from './migrations/index.js';
export type { EntityManager } from '@mikro-orm/knex';
export { MikroORM } from '@mikro-orm/core';

/** Connects and applies every pending migration: the server and the tests both start here. */
export async function openDatabase(
  urlOrTarget: string | DatabaseTarget,
  options: { migrate?: boolean; debug?: boolean } = {},
): Promise<MikroORM> {
  const target = typeof urlOrTarget === 'string' ? parseDatabaseUrl(urlOrTarget) : urlOrTarget;
  const orm = await MikroORM.init(ormOptions(target, options));
  if (options.migrate ?? true) await orm.getMigrator().up();
  return orm;
}

export async function isDatabaseReachable(orm: MikroORM): Promise<boolean> {
  try {
    return await orm.isConnected();
  } catch {
    return false;
  }
}
