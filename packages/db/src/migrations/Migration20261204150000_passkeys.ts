import { PortableMigration } from './portable.js';

/**
 * WebAuthn passkeys (SPEC §9): the credentials, and the challenges of ceremonies in flight. The
 * challenges live here rather than in a process's memory so a fleet behind a load balancer can
 * finish on one instance what another began.
 */
export class Migration20261204150000_passkeys extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s.createTable('passkey', (t) => {
        t.string('id', 36).primary();
        t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
        t.string('credential_id', 1400).notNullable().unique();
        t.text('public_key').notNullable();
        t.bigInteger('counter').notNullable();
        t.string('transports', 128).notNullable();
        t.string('name', 64).notNullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'last_used_at').nullable();
        t.index(['user_id']);
      }),
    );
    this.schema((s) =>
      s.createTable('webauthn_challenge', (t) => {
        t.string('id', 36).primary();
        t.string('purpose', 16).notNullable();
        t.string('binding', 64).notNullable();
        t.string('user_id', 36).nullable().references('id').inTable('user').onDelete('CASCADE');
        t.string('challenge', 128).notNullable();
        this.timestamp(t, 'expires_at').notNullable();
        t.unique(['binding', 'purpose']);
        t.index(['expires_at']);
      }),
    );
  }

  override down(): void {
    this.schema((s) => s.dropTable('webauthn_challenge'));
    this.schema((s) => s.dropTable('passkey'));
  }
}
