import { randomBytes } from 'node:crypto';
import { PortableMigration } from './portable.js';

/**
 * Secrets the server generates for itself and every instance must share, kept in the database
 * they already share. The first: the HMAC key that turns emails, addresses and user ids into
 * rate-limit keys, so the limiter's store holds no personal data. Counts kept under the old
 * plain-text keys are personal data, and are dropped.
 */
export class Migration20261203110000_rate_limit_key_secret extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s.createTable('server_secret', (t) => {
        t.string('name', 64).primary();
        t.string('value', 128).notNullable();
      }),
    );
    const knex = this.getKnex();
    this.addSql(knex('server_secret').insert({ name: 'rate_limit_key', value: randomBytes(32).toString('base64url') }));
    this.addSql(knex('rate_limit').delete());
  }

  override down(): void {
    this.schema((s) => s.dropTable('server_secret'));
  }
}
