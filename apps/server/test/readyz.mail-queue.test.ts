// Attack (by outage): the mail provider goes down and nobody notices until invitations and
// password resets are days late; or the opposite, the load balancer drains every instance
// because SMTP is down, and a mail delay becomes a full outage. /readyz reports the mail queue
// and SMTP as a component of its own, degraded or down, and keeps its 503 for the database and
// Redis, without which requests fail.
import { Job, newId } from '@gatehouse/db';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

interface Readiness {
  status: string;
  checks: Record<string, string>;
  details?: { mail?: { smtp: string; due: number; oldestDueSeconds: number; dead: number } };
  down?: string[];
}

/** A real SMTP server that can be stopped and started again on the same port. */
function smtpSink(port: number) {
  let server: SMTPServer | undefined;
  return {
    async start() {
      server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 100 });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      return (server.server.address() as { port: number }).port;
    },
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

async function readyz(s: RunningServer): Promise<{ code: number; body: Readiness }> {
  const res = await fetch(`${s.url}/readyz`);
  return { code: res.status, body: (await res.json()) as Readiness };
}

async function eventually(s: RunningServer, check: (r: { code: number; body: Readiness }) => boolean): Promise<{ code: number; body: Readiness }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await readyz(s);
    if (check(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`/readyz never got there; last: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function mailJob(fields: { state: 'pending' | 'dead'; runAt: Date }) {
  const now = new Date();
  return {
    id: newId(),
    kind: 'mail.send',
    payload: { mailId: newId() },
    key: null,
    state: fields.state,
    attempts: fields.state === 'dead' ? 8 : 0,
    maxAttempts: 8,
    runAt: fields.runAt,
    lockedBy: null,
    lockedUntil: null,
    lastError: fields.state === 'dead' ? 'mailbox unavailable' : null,
    createdAt: now,
    finishedAt: fields.state === 'dead' ? now : null,
  };
}

describe('/readyz and the mail queue', () => {
  let s: RunningServer;
  let sink: ReturnType<typeof smtpSink>;
  beforeAll(async () => {
    const first = smtpSink(0);
    const port = await first.start();
    await first.stop();
    sink = smtpSink(port);
    await sink.start();
    // No job runner: what is queued stays queued, as on an instance whose runners fell behind.
    s = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}` }, { web: false });
  });
  afterAll(async () => {
    await s?.close();
    await sink?.stop();
  });

  it('reports SMTP up and an empty queue as a component of its own', async () => {
    const { code, body } = await eventually(s, (r) => r.body.details?.mail?.smtp === 'up');
    expect(code).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      checks: { database: 'up', mail: 'up' },
      details: { mail: { smtp: 'up', due: 0, oldestDueSeconds: 0, dead: 0 } },
    });
  });

  it('with the SMTP server stopped: mail is down, the instance stays ready (200), and it recovers when SMTP is back', async () => {
    await sink.stop();
    const down = await eventually(s, (r) => r.body.checks.mail === 'down');
    expect(down.code).toBe(200);
    expect(down.body).toMatchObject({ status: 'ready', checks: { database: 'up', mail: 'down' }, details: { mail: { smtp: 'down' } } });
    expect(down.body.down).toBeUndefined();

    await sink.start();
    const back = await eventually(s, (r) => r.body.checks.mail === 'up');
    expect(back).toMatchObject({ code: 200, body: { details: { mail: { smtp: 'up' } } } });
  });

  it('counts due mail, how long the oldest has waited, and dead mail; a backlog is degraded, not a 503', async () => {
    const em = s.orm.em.fork();
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await em.insertMany(Job, [
      mailJob({ state: 'pending', runAt: tenMinutesAgo }),
      mailJob({ state: 'pending', runAt: new Date(Date.now() - 5_000) }),
      // Waiting out a backoff: not due, not counted.
      mailJob({ state: 'pending', runAt: new Date(Date.now() + 60_000) }),
      mailJob({ state: 'dead', runAt: tenMinutesAgo }),
    ]);
    const { code, body } = await readyz(s);
    expect(code).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks).toEqual({ database: 'up', mail: 'degraded' });
    expect(body.details?.mail).toMatchObject({ smtp: 'up', due: 2, dead: 1 });
    expect(body.details?.mail?.oldestDueSeconds).toBeGreaterThanOrEqual(600);
    expect(body.details?.mail?.oldestDueSeconds).toBeLessThan(700);

    // Once a runner has sent them, the backlog is gone.
    await em.nativeUpdate(Job, { kind: 'mail.send', state: 'pending' }, { state: 'done', finishedAt: new Date() });
    expect((await readyz(s)).body).toMatchObject({ checks: { mail: 'up' }, details: { mail: { due: 0, oldestDueSeconds: 0, dead: 1 } } });
  });
});
