import { PortableMigration } from './portable.js';

/** Notifications and mail (self-service), teams, agents and invitations (org admin). */
export class Migration20261128020000_self_service_and_org extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s
        .createTable('notification_preference', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
          t.string('category', 32).notNullable();
          t.boolean('email').notNullable();
          t.boolean('in_app').notNullable();
          t.unique(['user_id', 'category']);
        })
        .createTable('notification', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
          t.string('category', 32).notNullable();
          t.string('type', 64).notNullable();
          t.string('title', 200).notNullable();
          t.text('body').notNullable();
          this.timestamp(t, 'read_at').nullable();
          this.timestamp(t, 'created_at').notNullable();
          t.index(['user_id', 'id']);
          t.index(['user_id', 'read_at']);
        })
        .createTable('outbox_mail', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).nullable().references('id').inTable('user').onDelete('CASCADE');
          t.string('to_address', 254).notNullable();
          t.string('subject', 200).notNullable();
          t.text('text').notNullable();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'sent_at').nullable();
          t.integer('attempts').notNullable().defaultTo(0);
          t.string('last_error', 500).nullable();
          t.index(['sent_at', 'created_at']);
          t.index(['user_id']);
        })
        .createTable('team', (t) => {
          t.string('id', 36).primary();
          t.string('organization_id', 36).notNullable().references('id').inTable('organization').onDelete('CASCADE');
          t.string('name', 100).notNullable();
          this.timestamp(t, 'created_at').notNullable();
          t.unique(['organization_id', 'name']);
        })
        .createTable('team_member', (t) => {
          t.string('id', 36).primary();
          t.string('team_id', 36).notNullable().references('id').inTable('team').onDelete('CASCADE');
          t.string('user_id', 36).notNullable().references('id').inTable('user').onDelete('CASCADE');
          this.timestamp(t, 'created_at').notNullable();
          t.unique(['team_id', 'user_id']);
          t.index(['user_id']);
        })
        .createTable('agent', (t) => {
          t.string('id', 36).primary();
          t.string('organization_id', 36).notNullable().references('id').inTable('organization').onDelete('CASCADE');
          t.string('team_id', 36).notNullable().references('id').inTable('team').onDelete('CASCADE');
          t.string('name', 100).notNullable();
          this.timestamp(t, 'created_at').notNullable();
          t.index(['team_id']);
          t.index(['organization_id', 'id']);
        })
        .createTable('invitation', (t) => {
          t.string('id', 36).primary();
          t.string('organization_id', 36).notNullable().references('id').inTable('organization').onDelete('CASCADE');
          t.string('email', 254).notNullable();
          t.string('role', 16).notNullable();
          t.json('team_ids').notNullable();
          t.string('token_hash', 64).notNullable().unique();
          t.string('invited_by', 64).nullable();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'expires_at').notNullable();
          this.timestamp(t, 'accepted_at').nullable();
          this.timestamp(t, 'revoked_at').nullable();
          t.index(['organization_id', 'created_at']);
          t.index(['email']);
        }),
    );
    // Member listing walks an organisation's memberships in id order.
    this.schema((s) =>
      s.alterTable('membership', (t) => {
        t.index(['organization_id', 'id']);
      }),
    );
    // The periodic "your key expires soon" reminder is sent once per key.
    this.schema((s) =>
      s.alterTable('api_key', (t) => {
        this.timestamp(t, 'expiry_reminded_at').nullable();
      }),
    );
  }

  override down(): void {
    this.schema((s) =>
      s.alterTable('api_key', (t) => {
        t.dropColumn('expiry_reminded_at');
      }),
    );
    this.schema((s) =>
      s
        .alterTable('membership', (t) => {
          t.dropIndex(['organization_id', 'id']);
        })
        .dropTable('invitation')
        .dropTable('agent')
        .dropTable('team_member')
        .dropTable('team')
        .dropTable('outbox_mail')
        .dropTable('notification')
        .dropTable('notification_preference'),
    );
  }
}
