import { PortableMigration } from './portable.js';

/**
 * Multi-factor authentication (SPEC §9): authenticator apps (encrypted secrets), backup codes
 * (hashed), sign-ins and password resets waiting for their second factor, and the organisation
 * policy that requires one. Everything personal cascades from the user row, so erasure needs
 * nothing new.
 */
export class Migration20261204100000_mfa extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s.createTable('mfa_totp', (t) => {
        t.string('id', 36).primary();
        t.string('user_id', 36).notNullable().unique().references('id').inTable('user').onDelete('CASCADE');
        t.string('secret', 255).nullable();
        t.string('pending_secret', 255).nullable();
        this.timestamp(t, 'confirmed_at').nullable();
        t.integer('last_used_step').nullable();
        this.timestamp(t, 'last_used_at').nullable();
        this.timestamp(t, 'created_at').notNullable();
      }),
    );
    this.schema((s) =>
      s.createTable('mfa_backup_code', (t) => {
        t.string('id', 36).primary();
        t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
        t.string('code_hash', 64).notNullable();
        this.timestamp(t, 'used_at').nullable();
        this.timestamp(t, 'created_at').notNullable();
        t.unique(['user_id', 'code_hash']);
      }),
    );
    this.schema((s) =>
      s.createTable('mfa_pending_sign_in', (t) => {
        t.string('id', 36).primary();
        t.string('token_hash', 64).notNullable().unique();
        t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
        t.string('purpose', 24).notNullable();
        t.string('link_token_id', 36).nullable().references('id').inTable('link_token').onDelete('CASCADE');
        t.string('new_password_hash', 255).nullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'expires_at').notNullable();
        t.index(['user_id']);
        t.index(['expires_at']);
      }),
    );
    this.schema((s) =>
      s.alterTable('organization', (t) => {
        t.boolean('require_mfa').notNullable().defaultTo(false);
      }),
    );
  }

  override down(): void {
    this.schema((s) =>
      s.alterTable('organization', (t) => {
        t.dropColumn('require_mfa');
      }),
    );
    this.schema((s) => s.dropTable('mfa_pending_sign_in'));
    this.schema((s) => s.dropTable('mfa_backup_code'));
    this.schema((s) => s.dropTable('mfa_totp'));
  }
}
