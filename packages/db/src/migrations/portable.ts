import type { Knex } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

/**
 * Migrations written once with knex's schema builder, so the same checked-in file produces
 * the right DDL for SQLite and PostgreSQL (SPEC §2: same code, same migrations).
 */
export abstract class PortableMigration extends Migration {
  protected get isPostgres(): boolean {
    return this.driver.getPlatform().constructor.name.startsWith('Postgre');
  }

  protected schema(build: (schema: Knex.SchemaBuilder) => Knex.SchemaBuilder): void {
    const knex = this.getKnex();
    for (const statement of build(knex.schema).toSQL()) {
      this.addSql(knex.raw(statement.sql, statement.bindings ?? []));
    }
  }

  /** A timestamp column: timestamptz on PostgreSQL; on SQLite MikroORM stores epoch milliseconds. */
  protected timestamp(table: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string): Knex.ColumnBuilder {
    return this.isPostgres ? table.timestamp(name, { useTz: true, precision: 3 }) : table.datetime(name);
  }
}
