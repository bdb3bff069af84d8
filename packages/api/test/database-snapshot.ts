import type { Orm } from '@gatehouse/db';
import { testDatabaseKind } from '@gatehouse/db/testing';

/** Every table of the schema, read from the database itself: a table added later is covered too. */
export async function everyTable(orm: Orm): Promise<string[]> {
  const conn = orm.em.getConnection();
  const rows =
    testDatabaseKind() === 'postgres'
      ? await conn.execute<{ name: string }[]>(`select tablename as name from pg_tables where schemaname = current_schema()`)
      : await conn.execute<{ name: string }[]>(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`);
  return rows.map((r) => r.name).sort();
}

/**
 * A fingerprint of every row of every table: equal snapshots mean nothing was written. On
 * PostgreSQL one statement digests each table server-side (a property test takes thousands).
 */
export async function snapshotRows(orm: Orm): Promise<Record<string, string>> {
  const conn = orm.em.getConnection();
  const tables = await everyTable(orm);
  if (testDatabaseKind() === 'postgres') {
    const digests = tables.map(
      (table) =>
        `select '${table}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from "${table}" t`,
    );
    const rows = await conn.execute<{ name: string; digest: string }[]>(digests.join(' union all '));
    return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
  }
  const out: Record<string, string> = {};
  for (const table of tables) {
    const rows = await conn.execute<Record<string, unknown>[]>(`select * from "${table}"`);
    out[table] = rows.map((row) => JSON.stringify(row)).sort().join('\n');
  }
  return out;
}
