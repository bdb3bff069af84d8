import { PortableMigration } from './portable.js';

/**
 * Erasure by index, not by scan. An audit row can concern a user besides its actor and target:
 * the owner of an API key an admin deleted, named until now only inside the JSON metadata, which
 * erasure had to search with LIKE across every organisation. `subject_id` names that user in an
 * indexed column (backfilled from the metadata of key events already written). The invitations
 * and outbox mail an erasure rewrites or deletes are found by indexes too.
 */
export class Migration20261204300000_audit_subject extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s
        .alterTable('audit_event', (t) => {
          t.string('subject_id', 64).nullable();
          t.index(['subject_id', 'id']);
        })
        .alterTable('invitation', (t) => {
          t.index(['invited_by']);
        })
        .alterTable('outbox_mail', (t) => {
          t.index(['to_address']);
        }),
    );
    const ownerId = this.isPostgres ? "metadata->>'ownerId'" : "json_extract(metadata, '$.ownerId')";
    this.addSql(`update audit_event set subject_id = ${ownerId} where target_type = 'api_key' and metadata is not null`);
  }

  override down(): void {
    this.schema((s) =>
      s
        .alterTable('outbox_mail', (t) => {
          t.dropIndex(['to_address']);
        })
        .alterTable('invitation', (t) => {
          t.dropIndex(['invited_by']);
        })
        .alterTable('audit_event', (t) => {
          t.dropIndex(['subject_id', 'id']);
          t.dropColumn('subject_id');
        }),
    );
  }
}
