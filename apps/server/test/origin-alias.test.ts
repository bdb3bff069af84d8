// Opening the app at 127.0.0.1 when it is configured as localhost (or the reverse) makes every
// sign-in fail the origin check, and reloading never helps: the refusal must say where to go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s?.close();
});

async function signInFrom(origin: string): Promise<{ status: number; reason?: string; message?: string }> {
  const res = await fetch(`${s.url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: 'nobody@example.com', password: 'whatever it is' }),
  });
  const body = (await res.json()) as { error?: { message: string; data: { reason?: string } } };
  return { status: res.status, reason: body.error?.data.reason, message: body.error?.message };
}

describe('an origin that is another name for this server', () => {
  it('is refused with the address to open instead', async () => {
    const configured = new URL(s.origin);
    expect(configured.hostname).toBe('localhost');
    const alias = `http://127.0.0.1:${configured.port}`;
    const answer = await signInFrom(alias);
    expect(answer.status).toBe(403);
    expect(answer.reason).toBe('INVALID_ORIGIN');
    expect(answer.message).toContain(`opened at ${alias}`);
    expect(answer.message).toContain(`open ${s.origin} instead`);
  });

  it.each([
    ['a foreign site', 'https://evil.example'],
    ['a loopback name on another port', 'http://127.0.0.1:1'],
    ['a loopback name over another scheme', 'https://127.0.0.1'],
  ])('tells %s nothing about the configured address', async (_label, origin) => {
    const answer = await signInFrom(origin);
    expect(answer.status).toBe(403);
    expect(answer.reason).toBe('INVALID_ORIGIN');
    expect(answer.message).toBe('Request origin not allowed');
  });
});
