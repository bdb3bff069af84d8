import { PortableMigration } from './portable.js';

/**
 * Email ownership and account recovery (SPEC §8): when a user's address was proven, and the
 * single-use links (verification, password reset, email change and its cancellation) mailed to
 * prove or recover it. Accounts that exist before this migration start unproven, like new ones:
 * nothing ever showed that their address is theirs.
 */
export class Migration20261203400000_link_tokens extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s.createTable('link_token', (t) => {
        t.string('id', 36).primary();
        t.string('kind', 24).notNullable();
        t.string('token_hash', 64).notNullable().unique();
        t.string('user_id', 36).nullable().references('id').inTable('user').onDelete('CASCADE');
        t.string('email', 254).notNullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'expires_at').notNullable();
        this.timestamp(t, 'used_at').nullable();
        t.index(['user_id', 'kind']);
        t.index(['expires_at']);
      }),
    );
    this.schema((s) =>
      s.alterTable('user', (t) => {
        this.timestamp(t, 'email_verified_at').nullable();
      }),
    );
  }

  override down(): void {
    this.schema((s) =>
      s.alterTable('user', (t) => {
        t.dropColumn('email_verified_at');
      }),
    );
    this.schema((s) => s.dropTable('link_token'));
  }
}
