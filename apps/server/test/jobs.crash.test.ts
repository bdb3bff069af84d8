// Fault: a server instance is killed (SIGKILL: no shutdown, no cleanup) in the middle of sending
// a mail. Two real server processes share one database; the other one must deliver that mail
// once its lease has run out — once, not never and not twice — counted by a real SMTP server.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { queueMail } from '@gatehouse/api';
import { Job, OutboxMail, openDatabase, type Orm } from '@gatehouse/db';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';

const serverMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const LEASE_SECONDS = 6;

interface Instance {
  child: ChildProcess;
  exited: Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `node apps/server/dist/main.js`, as production runs it, with the job runner on. */
async function startInstance(databaseUrl: string, smtpUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      JOB_LEASE_SECONDS: String(LEASE_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Gatehouse is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  return { child, exited };
}

/**
 * A real SMTP server that takes the first message's data and then never answers (the sender is
 * stuck mid-send), and accepts every message after that. Counts what it accepted, by Message-ID.
 */
async function stallingSmtp() {
  const accepted: (string | null)[] = [];
  let seen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        if (seen++ === 0) return; // no reply, ever
        accepted.push(/^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? null);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, accepted, seen: () => seen };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('an instance killed while sending mail', () => {
  it('leaves the mail to the other instance, which delivers it exactly once after the lease', async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    // Migrated here, before either instance starts.
    const orm: Orm = await openDatabase(db.url);
    cleanups.push(() => orm.close(true));
    const smtp = await stallingSmtp();

    const instances = await Promise.all([startInstance(db.url, smtp.url), startInstance(db.url, smtp.url)]);
    const em = orm.em.fork();
    const mail = queueMail(em, { to: 'someone@example.com', subject: 'Your password was changed', text: 'It was you, we hope.' });
    await em.flush();
    await waitFor('an instance to be mid-send', () => smtp.seen() === 1);

    // Within the lease the job is its holder's alone: the other instance leaves it be.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const leased = await orm.em.fork().findOneOrFail(Job, { key: `mail:${mail.id}` });
    expect(leased).toMatchObject({ state: 'pending', attempts: 1 });
    const holder = instances.find((i) => leased.lockedBy?.includes(`:${i.child.pid}:`));
    expect(holder).toBeDefined();
    expect(smtp.accepted).toEqual([]);
    expect(smtp.seen()).toBe(1);

    const killedAt = Date.now();
    holder!.child.kill('SIGKILL');
    await holder!.exited;

    await waitFor('the other instance to deliver', () => smtp.accepted.length > 0);
    // Not before the lease ran out (less the time between the claim and the kill).
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual((LEASE_SECONDS - 2) * 1000);
    // Give a second copy every chance to appear: another lease and more.
    await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS + 1) * 1000));

    const sent = await orm.em.fork().findOneOrFail(OutboxMail, { id: mail.id });
    expect(smtp.accepted).toEqual([sent.messageId]);
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(await orm.em.fork().findOneOrFail(Job, { key: `mail:${mail.id}` })).toMatchObject({ state: 'done', attempts: 2, lockedBy: null });
    expect(smtp.seen()).toBe(2);

    const survivor = instances.find((i) => i !== holder)!;
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    expect(survivor.child.exitCode).toBe(0);
  }, 90_000);
});
