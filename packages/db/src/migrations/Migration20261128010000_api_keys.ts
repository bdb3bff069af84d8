import { PortableMigration } from './portable.js';

export class Migration20261128010000_api_keys extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s
        .createTable('api_key', (t) => {
          t.string('id', 36).primary();
          t.string('public_id', 8).notNullable().unique();
          t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
          t.string('name', 100).notNullable();
          t.json('scopes').notNullable();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'expires_at').notNullable();
          this.timestamp(t, 'last_used_at').nullable();
          t.index(['user_id']);
        })
        .createTable('api_key_secret', (t) => {
          t.string('id', 36).primary();
          t.string('key_id', 36).notNullable().references('id').inTable('api_key').onDelete('CASCADE');
          t.string('secret_hash', 64).notNullable().unique();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'expires_at').nullable();
          t.index(['key_id']);
        }),
    );
  }

  override down(): void {
    this.schema((s) => s.dropTable('api_key_secret').dropTable('api_key'));
  }
}
