import type { FastifyInstance } from 'fastify';

/** One dependency /readyz reports on. */
export interface ReadinessCheck {
  name: string;
  /** Down → 503: the load balancer should send this instance nothing until it is back. */
  required: boolean;
  /**
   * `up` or `down`, or a short word of its own (`degraded`) for a dependency that is not required;
   * with `details`, the figures behind it, reported under the check's name.
   */
  probe(): Promise<string | { state: string; details: Record<string, unknown> }>;
}

/** A dependency that neither answers nor fails (a black-holed database) is down, not a hung probe. */
const PROBE_TIMEOUT_MS = 2000;

type ProbeAnswer = Awaited<ReturnType<ReadinessCheck['probe']>>;

function withTimeout(probe: Promise<ProbeAnswer>): Promise<ProbeAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeAnswer>((resolve) => {
    timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
  });
  return Promise.race([probe.catch(() => 'down'), timeout]).finally(() => clearTimeout(timer));
}

/**
 * `GET /readyz`: every configured dependency by name, probed at once, and 503 when a required one
 * is down or the instance is shutting down (the load balancer drains it while in-flight requests
 * finish).
 */
export function registerReadiness(app: FastifyInstance, checks: () => ReadinessCheck[]): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.get('/readyz', async (_req, reply) => {
    const list = checks();
    const answers = await Promise.all(list.map((c) => withTimeout(c.probe())));
    const states = answers.map((a) => (typeof a === 'string' ? a : a.state));
    const report = Object.fromEntries(list.map((c, i) => [c.name, states[i]!]));
    const details = Object.fromEntries(
      list.flatMap((c, i) => {
        const answer = answers[i]!;
        return typeof answer === 'string' ? [] : [[c.name, answer.details]];
      }),
    );
    const failing = list.filter((c, i) => c.required && states[i] !== 'up').map((c) => c.name);
    const status = closing ? 'shutting down' : failing.length ? 'unavailable' : 'ready';
    return reply
      .code(status === 'ready' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status,
        checks: report,
        ...(Object.keys(details).length ? { details } : {}),
        ...(failing.length ? { down: failing } : {}),
      });
  });
}
