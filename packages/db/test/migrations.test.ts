import { afterAll, describe, expect, it } from 'vitest';
import { AuditEvent, Job, Organization, Team, User, UniqueConstraintViolationException, openDatabase } from '../src/index.js';
import { createTestDatabase as testDatabaseUrl } from '../src/testing.js';

describe('migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('apply, roll back to nothing, and apply again', async () => {
    const db = await testDatabaseUrl();
    cleanups.push(() => db.drop());
    const orm = await openDatabase(db.url);
    try {
      const migrator = orm.getMigrator();
      expect(await migrator.getPendingMigrations()).toHaveLength(0);
      const em = orm.em.fork();
      em.create(User, { email: 'a@example.com', displayName: 'A', timezone: 'UTC', locale: 'en', passwordHash: 'x' });
      await em.flush();

      await migrator.down({ to: 0 });
      expect(await migrator.getExecutedMigrations()).toHaveLength(0);
      await migrator.up();
      expect(await orm.em.fork().count(User)).toBe(0);
    } finally {
      await orm.close(true);
    }
  });

  it('create every table and column the entities map to', async () => {
    const db = await testDatabaseUrl();
    cleanups.push(() => db.drop());
    const orm = await openDatabase(db.url);
    try {
      const knex = orm.em.getConnection().getKnex();
      const metas = Object.values(orm.getMetadata().getAll()).filter((m) => !m.embeddable && !m.virtual);
      expect(metas.length).toBeGreaterThanOrEqual(5);
      for (const meta of metas) {
        const columns = meta.props.flatMap((prop) => prop.fieldNames ?? []);
        // Selecting every mapped column fails loudly if a migration forgot one.
        await expect(knex.select(columns).from(meta.tableName).limit(0)).resolves.toEqual([]);
      }
    } finally {
      await orm.close(true);
    }
  });

  it('keep every team when making names unique in any case: a name that already collides gets its id tail', async () => {
    const db = await testDatabaseUrl();
    cleanups.push(() => db.drop());
    const orm = await openDatabase(db.url);
    try {
      const migrator = orm.getMigrator();
      await migrator.down({ migrations: ['Migration20261203120000_team_name_any_case'] });
      const em = orm.em.fork();
      const org = em.create(Organization, { name: 'Org' });
      const first = em.create(Team, { organization: org, name: 'Foo' });
      await em.flush();
      const second = em.create(Team, { organization: org, name: 'FOO' });
      await em.flush();
      const elsewhere = em.create(Team, { organization: em.create(Organization, { name: 'Other' }), name: 'foo' });
      await em.flush();

      await migrator.up();
      const names = new Map((await orm.em.fork().find(Team, {})).map((t) => [t.id, t.name]));
      expect(names.get(first.id)).toBe('Foo');
      expect(names.get(second.id)).toBe(`FOO ${second.id.slice(-8)}`);
      expect(names.get(elsewhere.id)).toBe('foo');
      const again = orm.em.fork();
      again.create(Team, { organization: org.id, name: 'fOo' });
      await expect(again.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    } finally {
      await orm.close(true);
    }
  });

  it('give mail waiting in the outbox from before the job queue a delivery job', async () => {
    const db = await testDatabaseUrl();
    cleanups.push(() => db.drop());
    const orm = await openDatabase(db.url, { migrate: false });
    try {
      const migrator = orm.getMigrator();
      await migrator.up({ to: 'Migration20261202500000_custom_roles_scim_service_accounts' });
      const knex = orm.em.getConnection().getKnex();
      const row = { to_address: 'a@example.com', subject: 's', text: 't', created_at: new Date(), attempts: 2, last_error: null };
      await knex('outbox_mail').insert([
        { ...row, id: '01900000-0000-7000-8000-000000000001', sent_at: null },
        { ...row, id: '01900000-0000-7000-8000-000000000002', sent_at: new Date() },
      ]);
      await migrator.up();
      const jobs = await orm.em.fork().find(Job, {});
      expect(jobs.map((j) => ({ kind: j.kind, payload: j.payload, key: j.key, state: j.state, attempts: j.attempts }))).toEqual([
        {
          kind: 'mail.send',
          payload: { mailId: '01900000-0000-7000-8000-000000000001' },
          key: 'mail:01900000-0000-7000-8000-000000000001',
          state: 'pending',
          attempts: 0,
        },
      ]);
      expect(jobs[0]!.runAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      await orm.close(true);
    }
  });

  it('name the owner of API keys in audit rows written before the subject column, from their metadata', async () => {
    const db = await testDatabaseUrl();
    cleanups.push(() => db.drop());
    const orm = await openDatabase(db.url, { migrate: false });
    try {
      const migrator = orm.getMigrator();
      await migrator.up({ to: 'Migration20261203400000_link_tokens' });
      const knex = orm.em.getConnection().getKnex();
      const row = { org_id: null, actor_id: 'admin-1', via: 'session', target_id: 'key-1', created_at: new Date(), ip: null, user_agent: null };
      await knex('audit_event').insert([
        { ...row, id: 'a1', action: 'api_key.deleted', target_type: 'api_key', metadata: JSON.stringify({ prefix: 'gh_1', ownerId: 'owner-1' }) },
        { ...row, id: 'a2', action: 'team.created', target_type: 'team', metadata: JSON.stringify({ ownerId: 'not-a-key-owner' }) },
        { ...row, id: 'a3', action: 'api_key.created', target_type: 'api_key', metadata: null },
      ]);
      await migrator.up();
      const subjects = (await orm.em.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } })).map((e) => [e.id, e.subjectId]);
      expect(subjects).toEqual([
        ['a1', 'owner-1'],
        ['a2', null],
        ['a3', null],
      ]);
    } finally {
      await orm.close(true);
    }
  });
});
