import { PortableMigration } from './portable.js';

/**
 * A team name is unique in its organisation in any letter case, and the database enforces it:
 * the application's check alone let four parallel creates of Foo/foo/FOO/fOo all through.
 * Names that already collide (made by such a race) get their id's tail appended first, so the
 * index can be built; nothing is deleted.
 */
export class Migration20261203120000_team_name_any_case extends PortableMigration {
  override up(): void {
    this.addSql(
      `update team set name = substr(name, 1, 91) || ' ' || substr(id, 29, 8)
       where exists (select 1 from team other
                     where other.organization_id = team.organization_id
                       and lower(other.name) = lower(team.name) and other.id < team.id)`,
    );
    this.schema((s) =>
      s.alterTable('team', (t) => {
        t.dropUnique(['organization_id', 'name']);
      }),
    );
    const q = this.isPostgres ? '"' : '`';
    this.addSql(
      `create unique index ${q}team_organization_id_lower_name_unique${q} on ${q}team${q} (${q}organization_id${q}, lower(${q}name${q}))`,
    );
  }

  override down(): void {
    const q = this.isPostgres ? '"' : '`';
    this.addSql(`drop index ${q}team_organization_id_lower_name_unique${q}`);
    this.schema((s) =>
      s.alterTable('team', (t) => {
        t.unique(['organization_id', 'name']);
      }),
    );
  }
}
