// Attack (by accident, the way production fails): two instances take the same mail and send it
// twice, a broken mail provider silently swallows an invitation, a dead SMTP server stalls every
// action. The job runner leases each job to one runner, retries with backoff, keeps what it gave
// up on visible, and no request ever waits on SMTP.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Job, OutboxMail, openDatabase, type Orm } from '@gatehouse/db';
import { testDatabaseKind } from '@gatehouse/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { queueMail } from '../src/domain/notifications.js';
import { createBackgroundJobs } from '../src/jobs/background.js';
import { claimJobs, completeJob, enqueueJob } from '../src/jobs/queue.js';
import { createJobRunner, type JobRunner } from '../src/jobs/runner.js';
import { createMailer, type Mailer } from '../src/mail/mailer.js';
import { createHarness, uniqueEmail, type Harness } from './harness.js';
import { joinOrg, newOrg } from './org-admin.fixtures.js';
import { startSmtp, type TestSmtp } from './smtp.js';

const kind = testDatabaseKind();
const skipLocked = kind === 'postgres';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(): Promise<Harness> {
  const h = await createHarness();
  cleanups.push(() => h.close());
  return h;
}

async function smtpSink(): Promise<TestSmtp> {
  const smtp = await startSmtp();
  cleanups.push(() => smtp.close());
  return smtp;
}

function mailerFor(url: string, timeoutsMs?: { connection: number; greeting: number; socket: number }): Mailer {
  const mailer = createMailer({ smtpUrl: url, ...(timeoutsMs ? { timeoutsMs } : {}) });
  cleanups.push(() => mailer.close());
  return mailer;
}

/** Another server instance's view of the same database: its own connection pool. */
async function secondInstance(h: Harness): Promise<Orm> {
  const config = h.orm.config;
  const url = kind === 'postgres' ? config.get('clientUrl')! : `sqlite:${config.get('dbName')}`;
  const orm = await openDatabase(url);
  cleanups.push(() => orm.close(true));
  return orm;
}

function started(runner: JobRunner): JobRunner {
  runner.start();
  cleanups.push(() => runner.stop());
  return runner;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function queueMails(orm: Orm, count: number): Promise<string[]> {
  const em = orm.em.fork();
  const ids = Array.from({ length: count }, (_, i) => queueMail(em, { to: uniqueEmail('bulk'), subject: `Bulk ${i}`, text: 'hello' }).id);
  await em.flush();
  return ids;
}

describe('job runner', () => {
  it('two instances draining one queue side by side send every mail exactly once', async () => {
    const h = await harness();
    const other = await secondInstance(h);
    const smtp = await smtpSink();
    // A slow provider keeps every runner busy, so both are claiming while the other sends.
    smtp.delayMs = 30;
    const ids = await queueMails(h.orm, 40);
    const options = { databaseKind: kind, appOrigin: h.config.appOrigin, limits: h.rateLimits, concurrency: 4, pollMs: 10 };
    started(createBackgroundJobs(h.orm, { ...options, mailer: mailerFor(smtp.url) }));
    started(createBackgroundJobs(other, { ...options, mailer: mailerFor(smtp.url) }));

    await waitFor('every mail job done', async () => (await h.orm.em.fork().count(Job, { kind: 'mail.send', state: 'done' })) === 40);
    expect(smtp.received).toHaveLength(40);
    const messageIds = smtp.received.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(40);
    const mails = await h.orm.em.fork().find(OutboxMail, { id: { $in: ids } });
    expect(mails.every((m) => m.sentAt !== null && m.attempts === 1)).toBe(true);
    // The Message-ID each mail was sent with is the one recorded before sending.
    expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set(messageIds));
    expect(await h.orm.em.fork().count(Job, { attempts: { $ne: 1 } })).toBe(0);
  });

  it('a leased job belongs to its runner until the lease runs out; then another takes it over', async () => {
    const h = await harness();
    const em = h.orm.em.fork();
    enqueueJob(em, { kind: 'test.noop' });
    await em.flush();

    const [taken] = await claimJobs(h.orm.em, { worker: 'a', limit: 5, leaseMs: 400, skipLocked });
    expect(taken).toMatchObject({ kind: 'test.noop', attempt: 1 });
    expect(await claimJobs(h.orm.em, { worker: 'b', limit: 5, leaseMs: 400, skipLocked })).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 450));
    const [takenOver] = await claimJobs(h.orm.em, { worker: 'b', limit: 5, leaseMs: 60_000, skipLocked });
    expect(takenOver).toMatchObject({ id: taken!.id, attempt: 2 });
    // The runner that lost its lease cannot finish the job over the new holder's head.
    expect(await completeJob(h.orm.em.fork(), taken!, 'a')).toBe(false);
    expect(await completeJob(h.orm.em.fork(), takenOver!, 'b')).toBe(true);
    expect(await h.orm.em.fork().findOneOrFail(Job, { id: taken!.id })).toMatchObject({ state: 'done', lockedBy: null, attempts: 2 });

    if (skipLocked) {
      // PostgreSQL: a row another transaction is claiming is skipped at once, not waited for.
      enqueueJob(em, { kind: 'test.noop' });
      await em.flush();
      await h.orm.em.fork().transactional(async (tx) => {
        const [locked] = await claimJobs(tx, { worker: 'c', limit: 1, leaseMs: 60_000, skipLocked });
        expect(locked).toBeDefined();
        const other = await secondInstance(h);
        const started = Date.now();
        expect(await claimJobs(other.em, { worker: 'd', limit: 5, leaseMs: 60_000, skipLocked })).toEqual([]);
        expect(Date.now() - started).toBeLessThan(2000);
      });
    }
  });

  it('retries a failing mail with exponential backoff, then keeps it dead, and owners see the invitation as undeliverable', async () => {
    const h = await harness();
    const smtp = await smtpSink();
    smtp.failing = true;
    const owner = await newOrg(h, 'Bounce Org');
    const admin = await joinOrg(h, owner.orgId, 'admin');
    // Whatever signing up left in the queue goes first, so only the invitation's mail is left.
    await h.runJobs();
    const email = uniqueEmail('unreachable');
    const { invitation } = await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
    const errors: string[] = [];
    const runner = createBackgroundJobs(h.orm, {
      databaseKind: kind,
      appOrigin: h.config.appOrigin,
      limits: h.rateLimits,
      mailer: mailerFor(smtp.url),
      backoff: { baseMs: 10_000, maxMs: 60_000 },
      log: { info: () => {}, warn: () => {}, error: (_details, message) => errors.push(message) },
    });

    const job = async () => h.orm.em.fork().findOneOrFail(Job, { key: `mail:${(await mailRow(h, email)).id}` });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const before = Date.now();
      expect(await runner.runDue()).toBe(1);
      const after = await job();
      expect(after.attempts).toBe(attempt);
      if (after.state === 'dead') break;
      delays.push(after.runAt.getTime() - before);
      // Nothing is due during the backoff…
      expect(await runner.runDue()).toBe(0);
      // …until its time comes.
      await h.orm.em.fork().nativeUpdate(Job, { id: after.id }, { runAt: new Date() });
    }
    // 10 s, 20 s, 40 s, then the 60 s cap; each with at most 20 % jitter.
    expect(delays).toHaveLength(7);
    delays.forEach((delay, i) => {
      const expected = Math.min(10_000 * 2 ** i, 60_000);
      expect(delay).toBeGreaterThanOrEqual(expected - 1000);
      expect(delay).toBeLessThanOrEqual(expected * 1.2 + 1000);
    });

    const dead = await job();
    expect(dead).toMatchObject({ state: 'dead', attempts: 8, lastError: expect.stringMatching(/mailbox unavailable/) });
    expect(errors).toEqual(['job failed for the last time: dead']);
    expect(smtp.received).toEqual([]);
    const mail = await mailRow(h, email);
    expect(mail.failedAt).toBeInstanceOf(Date);
    expect(mail.sentAt).toBeNull();
    // Dead is final: no runner takes it again, and the row stays.
    expect(await runner.runDue()).toBe(0);

    for (const viewer of [owner, admin]) {
      const listed = await viewer.browser.call((c) => c.orgAdmin.invitations.list());
      expect(listed.find((i) => i.id === invitation.id)).toMatchObject({ status: 'pending', mailStatus: 'undeliverable' });
    }
  });

  it('with the SMTP server down, actions return at once; the mail goes out once it is back', async () => {
    const h = await harness();
    const smtp = await smtpSink();
    const outage = await smtpOutage(smtp.url);
    cleanups.push(() => outage.close());
    const owner = await newOrg(h, 'Outage Org');
    // Long enough that anything waiting on SMTP would visibly hang.
    const mailer = mailerFor(outage.url, { connection: 60_000, greeting: 60_000, socket: 60_000 });
    started(
      createBackgroundJobs(h.orm, {
        databaseKind: kind,
        appOrigin: h.config.appOrigin,
        limits: h.rateLimits,
        mailer,
        pollMs: 20,
        backoff: { baseMs: 100, maxMs: 400 },
      }),
    );

    const invited: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail('during-outage');
      const startedAt = Date.now();
      await owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
      expect(Date.now() - startedAt).toBeLessThan(5000);
      invited.push(email);
    }
    // The runner is stuck on the silent server the whole time: no mail has gone anywhere.
    await waitFor('the runner to reach the dead server', () => outage.held() > 0);
    expect(smtp.received).toEqual([]);
    const listed = await owner.browser.call((c) => c.orgAdmin.invitations.list());
    expect(listed.filter((i) => i.mailStatus === 'queued')).toHaveLength(5);

    outage.restore();
    await waitFor('every invitation delivered', () => invited.every((email) => smtp.received.some((m) => m.to.includes(email))));
    await waitFor('every mail job done', async () => (await h.orm.em.fork().count(Job, { kind: 'mail.send', state: { $ne: 'done' } })) === 0);
    expect(smtp.received.filter((m) => invited.some((email) => m.to.includes(email)))).toHaveLength(5);
    const after = await owner.browser.call((c) => c.orgAdmin.invitations.list());
    expect(after.filter((i) => i.mailStatus === 'sent')).toHaveLength(5);
  });

  it('stopping waits for running jobs, and gives back the lease of work that is safe to redo', async () => {
    const h = await harness();
    const em = h.orm.em.fork();
    enqueueJob(em, { kind: 'test.quick' });
    enqueueJob(em, { kind: 'test.stuck' });
    await em.flush();
    const ran: string[] = [];
    let stuckStarted = false;
    const runner = createJobRunner(h.orm, {
      databaseKind: kind,
      pollMs: 10,
      stopGraceMs: 200,
      handlers: {
        'test.quick': {
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, 50));
            ran.push('quick');
          },
        },
        'test.stuck': {
          repeatable: true,
          run: () => {
            stuckStarted = true;
            return new Promise<void>(() => {});
          },
        },
      },
    });
    runner.start();
    await waitFor('both jobs to start', () => stuckStarted);
    await runner.stop();
    expect(ran).toEqual(['quick']);
    const jobs = await h.orm.em.fork().find(Job, {}, { orderBy: { kind: 'asc' } });
    expect(jobs.map((j) => ({ kind: j.kind, state: j.state, lockedBy: j.lockedBy, attempts: j.attempts }))).toEqual([
      { kind: 'test.quick', state: 'done', lockedBy: null, attempts: 1 },
      // Free for the next instance at once, and the interrupted attempt is not counted.
      { kind: 'test.stuck', state: 'pending', lockedBy: null, attempts: 0 },
    ]);
  });

  it('scheduled work is enqueued once per period however many instances start it', async () => {
    const h = await harness();
    const other = await secondInstance(h);
    let runs = 0;
    const options = {
      databaseKind: kind,
      pollMs: 10,
      handlers: { 'test.tick': { run: () => Promise.resolve(void runs++) } },
      schedules: [{ kind: 'test.tick', everyMs: 3_600_000 }],
    };
    started(createJobRunner(h.orm, options));
    started(createJobRunner(other, options));
    started(createJobRunner(h.orm, options));
    await waitFor('the scheduled job to run', async () => (await h.orm.em.fork().count(Job, { kind: 'test.tick', state: 'done' })) === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs).toBe(1);
    expect(await h.orm.em.fork().count(Job, { kind: 'test.tick' })).toBe(1);
  });
});

async function mailRow(h: Harness, email: string): Promise<OutboxMail> {
  return h.orm.em.fork().findOneOrFail(OutboxMail, { toAddress: email });
}

/**
 * The SMTP server's address while it is down: connections are accepted and then nothing, ever
 * (a dead provider behind a load balancer), until `restore()` passes them through to the sink.
 */
async function smtpOutage(sinkUrl: string): Promise<{ url: string; held(): number; restore(): void; close(): Promise<void> }> {
  const sinkPort = Number(new URL(sinkUrl).port);
  const held: Socket[] = [];
  const all = new Set<Socket>();
  let down = true;
  const server: Server = createServer((socket) => {
    all.add(socket);
    socket.on('close', () => all.delete(socket));
    if (down) {
      held.push(socket);
      socket.on('error', () => {});
      return;
    }
    const upstream = connect(sinkPort, '127.0.0.1');
    all.add(upstream);
    upstream.on('close', () => all.delete(upstream));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    held: () => held.length,
    restore() {
      down = false;
      // The provider restarting drops whatever it held; the runner retries those.
      for (const socket of held.splice(0)) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of all) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
