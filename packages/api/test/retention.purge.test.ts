// Attack (by neglect): tables that only grow. Expired sessions, spent limiter counts, sent mail
// and used links pile up forever, each a copy of personal data nobody needs; a purge that deletes
// a million rows in one statement locks the table under live traffic; two instances purging the
// same rows at once double the work. The hourly purge deletes what is past its time, in bounded
// batches, once across instances, and leaves the audit trail alone unless told otherwise.
import { randomBytes } from 'node:crypto';
import {
  AuditEvent,
  Invitation,
  Job,
  LinkToken,
  MfaPendingSignIn,
  WebAuthnChallenge,
  OutboxMail,
  Session,
  newId,
  openDatabase,
  type EntityManager,
  type Orm,
} from '@gatehouse/db';
import { testDatabaseKind } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, purgeExpired } from '../src/domain/retention.js';
import { createBackgroundJobs, RETENTION_JOB } from '../src/jobs/background.js';
import { createMailer } from '../src/mail/mailer.js';
import { createHarness, type Harness } from './harness.js';
import { newOrg, type Account } from './org-admin.fixtures.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const hex = () => randomBytes(32).toString('hex');

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h);
});
afterAll(() => h.close());

/** Deletes every row a purge could touch, so each test counts only its own. */
async function emptyPurgeableTables(em: EntityManager): Promise<void> {
  for (const table of ['mfa_pending_sign_in', 'webauthn_challenge', 'session', 'outbox_mail', 'job', 'invitation', 'link_token', 'audit_event', 'rate_limit']) {
    await em.getConnection().execute(`delete from ${table}`);
  }
}

function session(expiresAt: Date) {
  return { id: newId(), tokenHash: hex(), user: owner.userId, createdAt: ago(40), lastSeenAt: ago(1), expiresAt, sudoUntil: null, ip: null, userAgent: null };
}

function mail(fields: { sentAt?: Date; failedAt?: Date }) {
  return {
    id: newId(),
    user: null,
    toAddress: 'someone@example.com',
    subject: 's',
    text: 't',
    createdAt: ago(90),
    sentAt: fields.sentAt ?? null,
    failedAt: fields.failedAt ?? null,
    attempts: 1,
    lastError: null,
    messageId: null,
  };
}

function job(state: 'pending' | 'done' | 'dead', finishedAt: Date | null) {
  return { id: newId(), kind: 'test.kind', payload: null, key: null, state, attempts: 1, maxAttempts: 3, runAt: ago(90), lockedBy: null, lockedUntil: null, lastError: null, createdAt: ago(90), finishedAt };
}

function invitation(expiresAt: Date) {
  return { id: newId(), organization: owner.orgId, email: 'invitee@example.com', role: 'member' as const, teamIds: [], tokenHash: hex(), invitedBy: owner.userId, createdAt: ago(90), expiresAt, acceptedAt: null, revokedAt: null, mailId: null };
}

function link(expiresAt: Date, usedAt: Date | null) {
  return { id: newId(), kind: 'verify_email' as const, tokenHash: hex(), user: owner.userId, email: owner.email, createdAt: ago(2), expiresAt, usedAt };
}

function pendingSignIn(expiresAt: Date) {
  return { id: newId(), tokenHash: hex(), user: owner.userId, purpose: 'sign_in' as const, linkToken: null, newPasswordHash: null, createdAt: ago(1), expiresAt };
}

function challenge(expiresAt: Date) {
  return { id: newId(), purpose: 'sign_in' as const, binding: hex().slice(0, 64), user: owner.userId, challenge: hex(), expiresAt };
}

function audit(createdAt: Date) {
  return { id: newId(), orgId: owner.orgId, actorId: owner.userId, via: 'session' as const, action: 'test.event', targetType: null, targetId: null, ip: null, userAgent: null, metadata: null, createdAt };
}

/** One row past its retention and one within, of every kind the purge knows; the ids of each. */
async function seed(em: EntityManager) {
  const past = {
    session: session(ago(1)),
    sentMail: mail({ sentAt: ago(8) }),
    failedMail: mail({ failedAt: ago(61) }),
    doneJob: job('done', ago(8)),
    deadJob: job('dead', ago(61)),
    invitation: invitation(ago(31)),
    expiredLink: link(ago(1), null),
    usedLink: link(new Date(Date.now() + DAY), ago(0.01)),
    pendingSignIn: pendingSignIn(ago(0.01)),
    challenge: challenge(ago(0.01)),
  };
  const within = {
    session: session(new Date(Date.now() + DAY)),
    sentMail: mail({ sentAt: ago(6) }),
    queuedMail: mail({}),
    failedMail: mail({ failedAt: ago(59) }),
    doneJob: job('done', ago(6)),
    deadJob: job('dead', ago(59)),
    pendingJob: job('pending', null),
    invitation: invitation(ago(29)),
    link: link(new Date(Date.now() + DAY), null),
    pendingSignIn: pendingSignIn(new Date(Date.now() + 300_000)),
    challenge: challenge(new Date(Date.now() + 300_000)),
  };
  await em.insertMany(Session, [past.session, within.session]);
  await em.insertMany(OutboxMail, [past.sentMail, past.failedMail, within.sentMail, within.queuedMail, within.failedMail]);
  await em.insertMany(Job, [past.doneJob, past.deadJob, within.doneJob, within.deadJob, within.pendingJob]);
  await em.insertMany(Invitation, [past.invitation, within.invitation]);
  await em.insertMany(LinkToken, [past.expiredLink, past.usedLink, within.link]);
  await em.insertMany(MfaPendingSignIn, [past.pendingSignIn, within.pendingSignIn]);
  await em.insertMany(WebAuthnChallenge, [past.challenge, within.challenge]);
  const conn = em.getConnection();
  const now = Date.now();
  await conn.execute('insert into rate_limit (key, points, expire) values (?, 1, ?), (?, 1, ?), (?, 1, null)', [
    'signIn:spent',
    now - 1000,
    'signIn:counting',
    now + 60_000,
    'signIn:forever',
  ]);
  return { past, within };
}

async function remaining(em: EntityManager) {
  const ids = async (
    entity: typeof Session | typeof OutboxMail | typeof Job | typeof Invitation | typeof LinkToken | typeof MfaPendingSignIn | typeof WebAuthnChallenge,
  ) =>
    (await em.fork().find(entity as typeof Session, {}, { fields: ['id'] })).map((r) => r.id).sort();
  const keys = await em.getConnection().execute<{ key: string }[]>('select key from rate_limit order by key');
  return {
    session: await ids(Session),
    mail: await ids(OutboxMail),
    job: await ids(Job),
    invitation: await ids(Invitation),
    link: await ids(LinkToken),
    pendingSignIn: await ids(MfaPendingSignIn),
    challenge: await ids(WebAuthnChallenge),
    rateLimit: keys.map((r) => r.key),
  };
}

const sorted = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe('retention purge', () => {
  it('deletes every kind of row past its retention and keeps every row within it', async () => {
    const em = h.orm.em.fork();
    await emptyPurgeableTables(em);
    const { within } = await seed(em);

    const report = await purgeExpired(h.orm.em.fork(), DEFAULT_RETENTION);

    expect(await remaining(em)).toEqual({
      session: sorted([within.session]),
      mail: sorted([within.sentMail, within.queuedMail, within.failedMail]),
      job: sorted([within.doneJob, within.deadJob, within.pendingJob]),
      invitation: sorted([within.invitation]),
      link: sorted([within.link]),
      pendingSignIn: sorted([within.pendingSignIn]),
      challenge: sorted([within.challenge]),
      rateLimit: ['signIn:counting', 'signIn:forever'],
    });
    expect(Object.fromEntries(Object.entries(report).map(([target, count]) => [target, count.deleted]))).toEqual({
      sessions: 1,
      rateLimits: 1,
      deliveredMail: 1,
      undeliveredMail: 1,
      finishedJobs: 1,
      deadJobs: 1,
      invitations: 1,
      linkTokens: 2,
      pendingSignIns: 1,
      webAuthnChallenges: 1,
      auditEvents: 0,
    });
  });

  it('keeps audit rows forever by default, and purges only those older than AUDIT_RETENTION_DAYS when it is set', async () => {
    const em = h.orm.em.fork();
    await emptyPurgeableTables(em);
    const ancient = audit(ago(3650));
    const lastYear = audit(ago(366));
    const lastMonth = audit(ago(30));
    await em.insertMany(AuditEvent, [ancient, lastYear, lastMonth]);

    await purgeExpired(h.orm.em.fork(), DEFAULT_RETENTION);
    expect(await em.fork().count(AuditEvent, {})).toBe(3);

    const report = await purgeExpired(h.orm.em.fork(), { ...DEFAULT_RETENTION, auditDays: 365 });
    expect(report.auditEvents.deleted).toBe(2);
    expect(sorted(await em.fork().find(AuditEvent, {}, { fields: ['id'] }))).toEqual([lastMonth.id]);
  });

  it('deletes in bounded batches: 2500 expired sessions go in three statements of at most 1000 rows', async () => {
    const em = h.orm.em.fork();
    await emptyPurgeableTables(em);
    const expired = Array.from({ length: 2500 }, () => session(ago(1)));
    const live = Array.from({ length: 3 }, () => session(new Date(Date.now() + DAY)));
    for (let i = 0; i < expired.length; i += 500) await em.insertMany(Session, expired.slice(i, i + 500));
    await em.insertMany(Session, live);

    // Every statement the purge sends, as the database driver sees it.
    const deletes: string[] = [];
    const logger = h.orm.config.getLogger();
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (context) => {
      const query = context.query ?? '';
      if (/^delete from .session/i.test(query)) deletes.push(query);
    };
    let report;
    try {
      report = await purgeExpired(h.orm.em.fork(), DEFAULT_RETENTION);
    } finally {
      logger.logQuery = original;
    }

    expect(report.sessions).toEqual({ deleted: 2500, batches: 3 });
    expect(deletes).toHaveLength(3);
    expect(sorted(await em.fork().find(Session, {}, { fields: ['id'] }))).toEqual(sorted(live));
  });

  it('two instances run the scheduled purge once between them, never side by side', async () => {
    const em = h.orm.em.fork();
    await emptyPurgeableTables(em);
    const { within } = await seed(em);
    const other = await secondInstance(h);

    const finished: string[] = [];
    const runner = (orm: Orm, name: string) =>
      createBackgroundJobs(orm, {
        databaseKind: testDatabaseKind(),
        mailer: createMailer({}),
        appOrigin: h.config.appOrigin,
        limits: h.rateLimits,
        pollMs: 20,
        log: {
          info: (_details, message) => {
            if (message === 'retention purge finished') finished.push(name);
          },
          warn: () => {},
          error: () => {},
        },
      });
    const runners = [runner(h.orm, 'a'), runner(other, 'b')];
    runners.forEach((r) => r.start());
    try {
      const deadline = Date.now() + 20_000;
      while ((await em.fork().count(Job, { kind: RETENTION_JOB, state: 'done' })) === 0) {
        if (Date.now() > deadline) throw new Error('the scheduled purge never ran');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Both kept polling for a while after: neither starts another run of this hour's purge.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await other.close(true);
    }

    const jobs = await em.fork().find(Job, { kind: RETENTION_JOB });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'done', attempts: 1 });
    expect(jobs[0]!.key).toMatch(new RegExp(`^${RETENTION_JOB}@`));
    expect(finished).toHaveLength(1);
    expect((await remaining(em)).session).toEqual(sorted([within.session]));
  });
});

/** Another server instance's view of the same database: its own connection pool. */
async function secondInstance(harness: Harness): Promise<Orm> {
  const config = harness.orm.config;
  const url = testDatabaseKind() === 'postgres' ? config.get('clientUrl')! : `sqlite:${config.get('dbName')}`;
  return openDatabase(url);
}
