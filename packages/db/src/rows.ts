import type { EntityManager, Knex } from '@mikro-orm/knex';

/**
 * Plain rows for the hottest reads (the session lookup on every request, me.get). The driver
 * binds the parameters and nothing is hydrated or logged; through `em.execute`, which formats
 * the values into the SQL text and logs each statement, the same read cost ~70 µs more CPU
 * (bench/README.md). Runs inside the EntityManager's transaction when it has one.
 */
export async function selectRows<Row>(em: EntityManager, sql: string, params: readonly (string | number | null)[]): Promise<Row[]> {
  const query = em.getConnection().getKnex().raw(sql, [...params]);
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (trx) void query.transacting(trx);
  const result: unknown = await query;
  // SQLite answers with the rows, PostgreSQL with a result object holding them.
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
