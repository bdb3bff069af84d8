// Server instances as an operator runs them: the built server (apps/server/dist/main.js) in a
// process of its own, configured through its environment, stopped by signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const serverMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
export const cliMain = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));

export interface Instance {
  url: string;
  origin: string;
  port: number;
  child: ChildProcess;
  /** Everything it has logged so far (JSON lines). */
  logs(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<number | string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts the built server; resolves once it answers /readyz with 200 (or `until` holds). */
export async function startInstance(
  env: Record<string, string>,
  options: { port?: number; waitReady?: boolean } = {},
): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [serverMain], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    url,
    origin: env.APP_ORIGIN ?? `http://localhost:${port}`,
    port,
    child,
    logs: () => logs,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  if (options.waitReady ?? true) await waitUntilReady(instance);
  return instance;
}

export async function waitUntilReady(instance: Instance, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void instance.exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`instance on port ${instance.port} exited before it was ready:\n${instance.logs()}`);
    try {
      if ((await fetch(`${instance.url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`instance on port ${instance.port} never became ready:\n${instance.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The JSON log lines an instance wrote with this message. */
export function logLines(instance: Pick<Instance, 'logs'>, msg: string): Record<string, unknown>[] {
  return instance
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

/** Runs the built `gatehouse` CLI to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RedisProcess {
  url: string;
  port: number;
  /** SIGKILL: the abrupt outage (no goodbye to clients). */
  kill(): Promise<void>;
}

/**
 * A Redis of the test's own on a spare port, never the shared one: this one is killed on purpose.
 * No persistence, so a restart on the same port starts empty, as a failed-over cache would.
 */
export async function startRedis(port?: number): Promise<RedisProcess> {
  const chosen = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.on('exit', () => reject(new Error(`redis-server exited:\n${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls until `check` holds (a state another process reaches in its own time). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`never reached the expected state; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
