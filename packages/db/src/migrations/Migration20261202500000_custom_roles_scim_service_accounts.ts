import { PortableMigration } from './portable.js';

/**
 * Custom roles (org-wide on a membership, or within one team on a team place), suspension and
 * service accounts on memberships, SCIM identity links, and per-organisation SCIM tokens.
 */
export class Migration20261202500000_custom_roles_scim_service_accounts extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s
        .createTable('org_role', (t) => {
          t.string('id', 36).primary();
          t.string('organization_id', 36).notNullable().references('id').inTable('organization').onDelete('CASCADE');
          t.string('name', 60).notNullable();
          t.string('description', 300).notNullable();
          t.json('permissions').notNullable();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'updated_at').notNullable();
          t.unique(['organization_id', 'name']);
        })
        .createTable('scim_token', (t) => {
          t.string('id', 36).primary();
          t.string('public_id', 8).notNullable().unique();
          t.string('organization_id', 36).notNullable().references('id').inTable('organization').onDelete('CASCADE');
          t.string('name', 100).notNullable();
          t.string('secret_hash', 64).notNullable().unique();
          t.string('created_by', 64).nullable();
          this.timestamp(t, 'created_at').notNullable();
          this.timestamp(t, 'last_used_at').nullable();
          t.index(['organization_id']);
        }),
    );
    // Plain nullable columns (SQLite adds them in place); the role references are enforced in code
    // and cleared when a role is deleted, so no table has to be rebuilt.
    this.schema((s) =>
      s
        .alterTable('membership', (t) => {
          t.string('kind', 16).notNullable().defaultTo('person');
          t.string('role_id', 36).nullable();
          this.timestamp(t, 'suspended_at').nullable();
          t.string('external_id', 255).nullable();
          t.string('scim_user_name', 254).nullable();
        })
        .alterTable('team_member', (t) => {
          t.string('role_id', 36).nullable();
        })
        .alterTable('team', (t) => {
          t.string('external_id', 255).nullable();
        })
        .alterTable('user', (t) => {
          t.string('given_name', 100).nullable();
          t.string('family_name', 100).nullable();
        }),
    );
    this.schema((s) =>
      s
        .alterTable('membership', (t) => {
          t.index(['organization_id', 'kind', 'id']);
          t.index(['role_id']);
          t.unique(['organization_id', 'external_id']);
        })
        .alterTable('team_member', (t) => {
          t.index(['role_id']);
        }),
    );
  }

  override down(): void {
    this.schema((s) =>
      s
        .alterTable('team_member', (t) => {
          t.dropIndex(['role_id']);
        })
        .alterTable('membership', (t) => {
          t.dropUnique(['organization_id', 'external_id']);
          t.dropIndex(['role_id']);
          t.dropIndex(['organization_id', 'kind', 'id']);
        }),
    );
    this.schema((s) =>
      s
        .alterTable('user', (t) => {
          t.dropColumn('family_name');
          t.dropColumn('given_name');
        })
        .alterTable('team', (t) => {
          t.dropColumn('external_id');
        })
        .alterTable('team_member', (t) => {
          t.dropColumn('role_id');
        })
        .alterTable('membership', (t) => {
          t.dropColumn('scim_user_name');
          t.dropColumn('external_id');
          t.dropColumn('suspended_at');
          t.dropColumn('role_id');
          t.dropColumn('kind');
        }),
    );
    this.schema((s) => s.dropTable('scim_token').dropTable('org_role'));
  }
}
