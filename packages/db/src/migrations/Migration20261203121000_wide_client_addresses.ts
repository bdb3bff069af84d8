import { PortableMigration } from './portable.js';

/**
 * Room for every valid input: a limiter key holds a 254-character email and a client address,
 * and a client address is whatever the trusted proxy forwarded (the application keeps at most
 * 255 characters of it), not an address's 45. PostgreSQL enforces varchar lengths; SQLite does
 * not, so only PostgreSQL's columns change.
 */
export class Migration20261203121000_wide_client_addresses extends PortableMigration {
  override up(): void {
    if (!this.isPostgres) return;
    this.addSql('alter table "rate_limit" alter column "key" type varchar(1024)');
    this.addSql('alter table "session" alter column "ip" type varchar(255)');
    this.addSql('alter table "audit_event" alter column "ip" type varchar(255)');
  }

  override down(): void {
    if (!this.isPostgres) return;
    // Narrowing again would fail on the rows that needed the room: cut them to fit.
    this.addSql('alter table "audit_event" alter column "ip" type varchar(45) using left("ip", 45)');
    this.addSql('alter table "session" alter column "ip" type varchar(45) using left("ip", 45)');
    this.addSql('delete from "rate_limit" where length("key") > 255');
    this.addSql('alter table "rate_limit" alter column "key" type varchar(255)');
  }
}
