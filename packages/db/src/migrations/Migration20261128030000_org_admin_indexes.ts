import { PortableMigration } from './portable.js';

/**
 * Indexes the org-admin reads need to stay fast on a 100,000-member organisation: prefix search
 * of members by name and email, the role filter in membership order, and the audit log in id
 * order (optionally by action).
 */
export class Migration20261128030000_org_admin_indexes extends PortableMigration {
  override up(): void {
    if (this.isPostgres) {
      // Pattern operator classes make LIKE 'prefix%' an index range whatever the database collation.
      this.addSql('create index "user_display_name_prefix_index" on "user" (lower("display_name") text_pattern_ops)');
      this.addSql('create index "user_email_prefix_index" on "user" ("email" text_pattern_ops)');
    } else {
      // SQLite's LIKE ignores ASCII case, and uses an index for a prefix only when it is NOCASE.
      this.addSql('create index `user_display_name_prefix_index` on `user` (`display_name` collate nocase)');
      this.addSql('create index `user_email_prefix_index` on `user` (`email` collate nocase)');
    }
    this.schema((s) =>
      s
        .alterTable('membership', (t) => {
          t.index(['organization_id', 'role', 'id']);
        })
        .alterTable('audit_event', (t) => {
          t.index(['org_id', 'id']);
          t.index(['org_id', 'action', 'id']);
        }),
    );
  }

  override down(): void {
    this.schema((s) =>
      s
        .alterTable('audit_event', (t) => {
          t.dropIndex(['org_id', 'action', 'id']);
          t.dropIndex(['org_id', 'id']);
        })
        .alterTable('membership', (t) => {
          t.dropIndex(['organization_id', 'role', 'id']);
        }),
    );
    this.addSql(this.isPostgres ? 'drop index "user_email_prefix_index"' : 'drop index `user_email_prefix_index`');
    this.addSql(this.isPostgres ? 'drop index "user_display_name_prefix_index"' : 'drop index `user_display_name_prefix_index`');
  }
}
