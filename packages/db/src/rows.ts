import type { EntityManager, Knex } from '@mikro-orm/knex';

/** The two drivers' connections, as far as a plain read needs them. */
interface SqliteConnection {
  all(sql: string, params: unknown[], done: (err: Error | null, rows: unknown[]) => void): void;
}
interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Plain rows for the hottest reads (the session lookup on every request, me.get), written with
 * `?` placeholders. The statement goes straight to the driver on a connection borrowed from the
 * ORM's own pool: the driver binds the parameters, and nothing is formatted, hydrated or logged.
 * Through `em.execute` the same read cost ~200 µs more CPU, through `knex.raw` ~100 µs more
 * (bench/README.md). Inside a transaction it runs on the transaction's connection, via knex.
 */
export async function selectRows<Row>(em: EntityManager, sql: string, params: readonly (string | number | null)[]): Promise<Row[]> {
  const knex = em.getConnection().getKnex();
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (trx) {
    const result: unknown = await knex.raw(sql, [...params]).transacting(trx);
    // SQLite answers with the rows, PostgreSQL with a result object holding them.
    return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
  }
  const client = knex.client as Knex.Client & { dialect: string };
  const connection: unknown = await client.acquireConnection();
  try {
    if (client.dialect === 'postgresql') {
      // knex's own placeholder rewrite (? → $1, $2, …), as its raw queries get.
      const text = client.positionBindings(sql) as string;
      const { rows } = await (connection as PgConnection).query({ text, values: [...params] });
      return rows as Row[];
    }
    return await new Promise<Row[]>((resolve, reject) => {
      (connection as SqliteConnection).all(sql, [...params], (err, rows) => (err ? reject(err) : resolve(rows as Row[])));
    });
  } finally {
    client.releaseConnection(connection);
  }
}
