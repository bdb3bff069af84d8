import { PortableMigration } from './portable.js';

export class Migration20261128000000_foundation extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s
        .createTable('organization', (t) => {
          t.string('id', 36).primary();
          t.string('name', 120).notNullable();
          this.timestamp(t, 'created_at').notNullable();
        })
        .createTable('user', (t) => {
          t.string('id', 36).primary();
          t.string('email', 254).notNullable().unique();
          t.string('display_name', 100).notNullable();
          t.string('phone', 32).nullable();
          t.string('timezone', 64).notNullable();
          t.string('locale', 35).notNullable();
          t.string('job_title', 100).nullable();
          t.string('department', 100).nullable();
          t.string('password_hash', 255).notNullable();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'updated_at').notNullable();
        })
        .createTable('membership', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().unique().references('id').inTable('user').onDelete('CASCADE');
          t.string('organization_id', 36).notNullable().references('id').inTable('organization').onDelete('CASCADE');
          t.string('role', 16).notNullable();
          this.timestamp(t, 'created_at').notNullable();
          t.index(['organization_id', 'role']);
        })
        .createTable('session', (t) => {
          t.string('id', 36).primary();
          t.string('token_hash', 64).notNullable().unique();
          t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'last_seen_at').notNullable();
          this.timestamp(t, 'expires_at').notNullable();
          this.timestamp(t, 'sudo_until').nullable();
          t.string('ip', 45).nullable();
          t.string('user_agent', 512).nullable();
          t.index(['user_id']);
        })
        .createTable('audit_event', (t) => {
          t.string('id', 36).primary();
          t.string('org_id', 36).nullable();
          t.string('actor_id', 64).nullable();
          t.string('via', 16).notNullable();
          t.string('action', 64).notNullable();
          t.string('target_type', 32).nullable();
          t.string('target_id', 64).nullable();
          t.string('ip', 45).nullable();
          t.string('user_agent', 512).nullable();
          t.json('metadata').nullable();
          this.timestamp(t, 'created_at').notNullable();
          t.index(['org_id', 'created_at']);
          // Export and erasure walk one user's events in id (= time) order, by actor and by target.
          t.index(['actor_id', 'id']);
          t.index(['target_id', 'id']);
        })
        // Shape required by rate-limiter-flexible's SQL stores (created here so the schema is
        // migrated like everything else, and the limiter never issues DDL at run time).
        .createTable('rate_limit', (t) => {
          t.string('key', 255).primary();
          t.integer('points').notNullable().defaultTo(0);
          t.bigInteger('expire').nullable();
        }),
    );
  }

  override down(): void {
    this.schema((s) =>
      s
        .dropTable('rate_limit')
        .dropTable('audit_event')
        .dropTable('session')
        .dropTable('membership')
        .dropTable('user')
        .dropTable('organization'),
    );
  }
}
