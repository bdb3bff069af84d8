import { PortableMigration } from './portable.js';

/**
 * The durable job queue (mail, reminders, purges), and what mail delivery records beside it: the
 * Message-ID fixed before the first attempt, the time delivery was given up, and which outbox
 * mail carries an invitation's link.
 */
export class Migration20261203200000_job_queue extends PortableMigration {
  override up(): void {
    this.schema((s) =>
      s.createTable('job', (t) => {
        t.string('id', 36).primary();
        t.string('kind', 64).notNullable();
        t.json('payload').nullable();
        t.string('key', 128).nullable().unique();
        t.string('state', 16).notNullable();
        t.integer('attempts').notNullable();
        t.integer('max_attempts').notNullable();
        this.timestamp(t, 'run_at').notNullable();
        t.string('locked_by', 64).nullable();
        this.timestamp(t, 'locked_until').nullable();
        t.string('last_error', 500).nullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'finished_at').nullable();
        t.index(['state', 'run_at']);
        t.index(['state', 'finished_at']);
      }),
    );
    this.schema((s) =>
      s
        .alterTable('outbox_mail', (t) => {
          t.string('message_id', 255).nullable();
          this.timestamp(t, 'failed_at').nullable();
        })
        .alterTable('invitation', (t) => {
          t.string('mail_id', 36).nullable();
        }),
    );
    // Mail still waiting in the outbox was sent after the next request; now it needs its job.
    const payload = this.isPostgres ? "json_build_object('mailId', id)" : "json_object('mailId', id)";
    this.addSql(
      `insert into job (id, kind, payload, key, state, attempts, max_attempts, run_at, created_at)
       select id, 'mail.send', ${payload}, 'mail:' || id, 'pending', 0, 8, created_at, created_at
         from outbox_mail where sent_at is null`,
    );
  }

  override down(): void {
    this.addSql(`update outbox_mail set attempts = 0 where sent_at is null`);
    this.schema((s) =>
      s
        .alterTable('invitation', (t) => {
          t.dropColumn('mail_id');
        })
        .alterTable('outbox_mail', (t) => {
          t.dropColumn('failed_at');
          t.dropColumn('message_id');
        })
        .dropTable('job'),
    );
  }
}
