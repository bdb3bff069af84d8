// Attack (on availability and on the right to erasure): erasing one user reads every
// organisation's audit rows with LIKE '%…%' and rewrites them one by one while holding the
// organisation's lock, so a long trail stalls the organisation, and a Redis outage makes the
// erasure fail outright. Erasure now finds the user's rows by indexed columns, rewrites them in
// bounded batches after the account's transaction, touches no one else's rows, and finishes the
// Redis part through a retried job when Redis is away.
import { AuditEvent, Job, newId, readServerSecret, type EntityManager } from '@gatehouse/db';
import { testDatabaseKind } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASURE_JOB, pseudonymiseAuditTrail } from '../src/domain/erasure.js';
import { createBackgroundJobs } from '../src/jobs/background.js';
import { createMailer } from '../src/mail/mailer.js';
import { createRateLimits, limitKeyPart, type RateLimits } from '../src/rate-limits.js';
import { auditTable } from './audit-table.js';
import { createHarness, STRONG_PASSWORD, type Harness } from './harness.js';
import { newOrg } from './org-admin.fixtures.js';
import { redisNamespace, type RedisNamespace } from './redis.js';

const postgres = testDatabaseKind() === 'postgres';

function event(fields: { actorId?: string | null; targetId?: string | null; subjectId?: string | null; metadata?: Record<string, unknown> | null }) {
  return {
    id: newId(),
    orgId: null,
    actorId: fields.actorId ?? null,
    via: 'session' as const,
    action: 'test.event',
    targetType: null,
    targetId: fields.targetId ?? null,
    subjectId: fields.subjectId ?? null,
    ip: '203.0.113.9',
    userAgent: 'agent',
    metadata: fields.metadata ?? null,
    createdAt: new Date(),
  };
}

async function insertEvents(em: EntityManager, events: ReturnType<typeof event>[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) await em.insertMany(AuditEvent, events.slice(i, i + 500));
}

/** The plan the database chooses for the select that picks each batch of `column`. */
async function planOf(em: EntityManager, column: string, value: string): Promise<string> {
  const knex = em.getKnex();
  const { sql, bindings } = knex('audit_event').select('id').where(column, value).limit(1000).toSQL();
  const conn = em.getConnection();
  if (postgres) {
    await conn.execute('analyze audit_event');
    const rows = await conn.execute<{ 'QUERY PLAN': string }[]>(`explain ${sql}`, [...bindings]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  const rows = await conn.execute<{ detail: string }[]>(`explain query plan ${sql}`, [...bindings]);
  return rows.map((r) => r.detail).join('\n');
}

describe('audit pseudonymisation by index', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('rewrites the user as actor, target and subject in bounded batches, and leaves every other row exactly as it was', async () => {
    const erased = `user-${newId()}`;
    const bystander = `user-${newId()}`;
    const opaqueId = 'erased-0123456789abcdef01234567';
    const em = h.orm.em.fork();
    await insertEvents(em, [
      ...Array.from({ length: 2500 }, () => event({ actorId: erased })),
      event({ targetId: erased, actorId: bystander }),
      event({ actorId: bystander, targetId: `key-${newId()}`, subjectId: erased, metadata: { ownerId: erased, name: 'ci' } }),
      ...Array.from({ length: 300 }, () => event({ actorId: bystander, targetId: bystander })),
      event({ actorId: bystander, subjectId: bystander, metadata: { ownerId: bystander } }),
    ]);
    const before = await auditTable(h.orm);

    const updates: string[] = [];
    const logger = h.orm.config.getLogger();
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (context) => {
      const query = context.query ?? '';
      if (/^update .audit_event/i.test(query)) updates.push(query);
    };
    let rewritten: number;
    try {
      rewritten = await pseudonymiseAuditTrail(h.orm.em.fork(), erased, opaqueId);
    } finally {
      logger.logQuery = original;
    }

    expect(rewritten).toBe(2502);
    // 2500 rows by actor: three statements of at most 1000; one each for target and subject.
    expect(updates.filter((q) => /actor_id.? = /.test(q))).toHaveLength(3);
    expect(updates).toHaveLength(5);

    const after = await auditTable(h.orm);
    expect(after.size).toBe(before.size);
    for (const [id, row] of after) {
      expect(JSON.stringify(row)).not.toContain(erased);
      const old = before.get(id)!;
      if (![old.actor_id, old.target_id, old.subject_id].includes(erased)) expect(row).toEqual(old);
    }
    const byThem = [...after.values()].filter((r) => r.actor_id === opaqueId);
    expect(byThem).toHaveLength(2500);
    expect(byThem.every((r) => r.ip === null && r.user_agent === null)).toBe(true);
    const keyEvent = [...after.values()].find((r) => r.subject_id === opaqueId)!;
    expect(keyEvent).toMatchObject({ actor_id: bystander, metadata: { ownerId: opaqueId, name: 'ci' }, ip: '203.0.113.9' });

    // Nothing left to do: a second run (the insurance job after the request did it) changes nothing.
    expect(await pseudonymiseAuditTrail(h.orm.em.fork(), erased, opaqueId)).toBe(0);
  });

  it('finds the rows through the indexes on actor, target and subject, not a scan', async () => {
    const em = h.orm.em.fork();
    const someone = `user-${newId()}`;
    await insertEvents(em, Array.from({ length: 2000 }, (_, i) => event({ actorId: `user-${i}`, targetId: `t-${i}`, subjectId: `s-${i}` })));
    for (const [column, index] of [
      ['actor_id', 'audit_event_actor_id_id_index'],
      ['target_id', 'audit_event_target_id_id_index'],
      ['subject_id', 'audit_event_subject_id_id_index'],
    ] as const) {
      const plan = await planOf(em, column, someone);
      expect(plan).toContain(index);
      expect(plan).not.toMatch(postgres ? /Seq Scan/ : /^SCAN audit_event$/m);
    }
  });

  it("an API key event names its owner in the indexed subject column, and erasing the owner rewrites it", async () => {
    const owner = await newOrg(h, 'Keys Org');
    const member = await h.signUp();
    await member.browser.call((c) => c.me.apiKeys.create({ name: 'laptop', scopes: ['profile:read'], expiresInDays: 5 }));
    const created = await h.orm.em.fork().findOneOrFail(AuditEvent, { action: 'api_key.created', actorId: member.userId });
    expect(created.subjectId).toBe(member.userId);

    await member.browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }));
    const rewritten = await h.orm.em.fork().findOneOrFail(AuditEvent, { id: created.id });
    expect(rewritten.subjectId).toMatch(/^erased-[0-9a-f]{24}$/);
    expect(rewritten.actorId).toBe(rewritten.subjectId);
    expect(rewritten.metadata).toMatchObject({ ownerId: rewritten.subjectId });
    // The erasure finished in the request: no job is left holding the user's id.
    expect(await h.orm.em.fork().count(Job, { kind: ERASURE_JOB })).toBe(0);
    expect(owner.userId).not.toBe(member.userId);
  });
});

describe('audit rows about an invitation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('never carry the invitee address, so nothing is left naming it once the invitee is erased', async () => {
    const email = `invitee-${newId()}@example.com`;
    const inviter = await newOrg(h, 'Inviting Org');
    const { invitation } = await inviter.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
    await inviter.browser.call((c) => c.orgAdmin.invitations.resend({ invitationId: invitation.id }));
    const invitee = await h.signUp({ email, orgName: 'Own Org' });
    await invitee.browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }));

    const rows = [...(await auditTable(h.orm)).values()];
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['invitation.created', 'invitation.resent', 'user.deleted']));
    expect(rows.filter((r) => JSON.stringify(r).includes(email) || JSON.stringify(r).includes(invitee.userId))).toEqual([]);
  });
});

describe('erasure while Redis is unreachable', () => {
  let h: Harness;
  let redis: RedisNamespace;
  let reachable: RateLimits;
  beforeAll(async () => {
    // Port 1 on this machine: nothing listens, every connection is refused.
    h = await createHarness({ redisUrl: 'redis://127.0.0.1:1/0' });
    redis = redisNamespace('erasure-redis-down');
    // Another instance whose Redis works: it counted the user's attempts in Redis before the outage.
    reachable = createRateLimits(h.orm, { redisUrl: redis.url });
    for (let i = 0; !(await reachable.redisReachable()); i++) {
      if (i > 100) throw new Error('the limiter never reached Redis');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    await reachable.close();
    await redis.drop();
    await h.close();
  });

  it('succeeds, deletes the database counts at once, and a retried job deletes the Redis counts once Redis answers', async () => {
    const { browser, userId, email } = await h.signUp();
    const secret = await readServerSecret(h.orm.em.fork(), 'rate_limit_key');
    const parts = [limitKeyPart(secret, userId), limitKeyPart(secret, email)];
    await reachable.consume('keyMint', userId);
    await reachable.consume('keyMint', 'a-bystander');
    const redisKeys = async () => (await redis.keys()).map((k) => k.slice(redis.prefix.length));
    expect(await redisKeys()).toContain(`keyMint:${parts[0]}`);
    // During the outage the user's attempts count in the database (the insurance store).
    await browser.call((c) => c.me.sudo.enter({ password: 'not my password!!' })).catch(() => {});
    const databaseKeys = async () =>
      (await h.orm.em.getConnection().execute<{ key: string }[]>('select key from rate_limit')).map((r) => r.key);
    expect((await databaseKeys()).some((k) => k.includes(parts[0]!))).toBe(true);
    expect(await h.rateLimits.redisReachable()).toBe(false);

    expect(await browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }))).toEqual({ ok: true, organizationDeleted: true });

    // The database side went with the account; the audit trail was rewritten in the request.
    expect((await databaseKeys()).filter((k) => parts.some((p) => k.includes(p)))).toEqual([]);
    expect(await h.orm.em.fork().count(AuditEvent, { actorId: userId })).toBe(0);
    // The Redis side waits in a job, not in the erased user's rows.
    const [job] = await h.orm.em.fork().find(Job, { kind: ERASURE_JOB });
    expect(job).toMatchObject({ state: 'pending', payload: { userId, limitKeys: parts } });
    expect(await redisKeys()).toContain(`keyMint:${parts[0]}`);

    const runner = (limits: RateLimits) =>
      createBackgroundJobs(h.orm, {
        databaseKind: testDatabaseKind(),
        mailer: createMailer({}),
        appOrigin: h.config.appOrigin,
        limits,
        // A failed attempt is due again only in a minute: each runDue below makes one attempt.
        backoff: { baseMs: 60_000, maxMs: 60_000 },
      });
    const due = () => h.orm.em.fork().nativeUpdate(Job, { id: job!.id }, { runAt: new Date() });

    // Still down: the attempt fails and the job waits for another.
    await due();
    expect(await runner(h.rateLimits).runDue()).toBeGreaterThanOrEqual(1);
    expect(await h.orm.em.fork().findOneOrFail(Job, { id: job!.id })).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await redisKeys()).toContain(`keyMint:${parts[0]}`);

    // Redis answers again (an instance that reaches it runs the job): the counts go, no one else's.
    await due();
    await runner(reachable).runDue();
    expect(await h.orm.em.fork().findOneOrFail(Job, { id: job!.id })).toMatchObject({ state: 'done', payload: null });
    expect(await redisKeys()).toEqual([`keyMint:${limitKeyPart(secret, 'a-bystander')}`]);
  });
});
