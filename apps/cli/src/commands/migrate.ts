import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import type { CliEnv } from '../env.js';

/** The server's default (SPEC §7), so `gatehouse migrate` beside `pnpm start` finds the same file. */
const DEFAULT_DATABASE_URL = 'sqlite:./data/gatehouse.db';

/**
 * Applies pending migrations and exits, for a deploy pipeline's step before new servers start.
 * It takes the same lock as a starting server, so running it while servers start is safe too.
 * The ORM is loaded only here: every other command is an API client and never touches a database.
 */
export async function migrate(env: CliEnv, output: Output, json: boolean): Promise<void> {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const { openDatabase, parseDatabaseUrl } = await import('@gatehouse/db');
  let target;
  try {
    target = parseDatabaseUrl(url);
  } catch (err) {
    throw new CliError(`DATABASE_URL: ${(err as Error).message}`, EXIT.usage);
  }
  let applied: string[] = [];
  let orm;
  try {
    orm = await openDatabase(target, { onMigrated: (names) => (applied = names) });
  } catch (err) {
    // The driver's message names what failed (unreachable host, a failing statement) but never a password.
    throw new CliError(`migration failed: ${(err as Error).message}`, EXIT.failure, 'MIGRATION_FAILED');
  }
  await orm.close(true);
  if (json) {
    output.out(`${JSON.stringify({ database: target.kind, applied })}\n`);
  } else if (applied.length === 0) {
    output.out(`Database is up to date (${target.kind}); nothing to apply.\n`);
  } else {
    output.out(`Applied ${applied.length} migration(s) to the ${target.kind} database:\n${applied.map((n) => `  ${n}\n`).join('')}`);
  }
}
