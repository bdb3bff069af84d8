// Operation: an operator rotates MFA_ENCRYPTION_KEY across a fleet. Instances started with the new
// key and the old one in MFA_ENCRYPTION_KEY_PREVIOUS seal every TOTP secret again and say so in
// the log; after that an instance with the new key alone accepts the same authenticator app.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.js';
import { PASSWORD, ok, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  // The first one owns the database: it goes last.
  for (const s of servers.reverse()) await s.close();
});

const key = () => randomBytes(32).toString('base64');
const code = (secret: string, at: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

async function waitForLog(s: RunningServer, text: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (!s.logs().includes(text)) {
    if (Date.now() > deadline) throw new Error(`never logged "${text}":\n${s.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return s.logs();
}

describe('MFA_ENCRYPTION_KEY_PREVIOUS', () => {
  it('must hold 32-byte base64 keys, or the server does not start', () => {
    expect(() => parseEnv({ MFA_ENCRYPTION_KEY_PREVIOUS: `${key()},not-a-key` })).toThrow(/MFA_ENCRYPTION_KEY_PREVIOUS: must be keys of 32 bytes/);
    expect(parseEnv({ MFA_ENCRYPTION_KEY_PREVIOUS: ` ${key()} , ${key()} ` }).MFA_ENCRYPTION_KEY_PREVIOUS).toHaveLength(2);
    expect(parseEnv({}).MFA_ENCRYPTION_KEY_PREVIOUS).toEqual([]);
  });

  it('lets a fleet move to a new key: resealed at start, then the new key alone opens the same app', async () => {
    const oldKey = key();
    const newKey = key();
    const first = await startServer({ MFA_ENCRYPTION_KEY: oldKey }, { web: false });
    servers.push(first);
    const email = uniqueEmail('rotate');
    const { cookie } = await trpc(first, 'auth.signUp', { email, password: PASSWORD, displayName: 'R', orgName: 'Rotate' });
    const { secret } = ok(await trpc<{ secret: string }>(first, 'me.mfa.totp.begin', {}, { cookie }));
    ok(await trpc(first, 'me.mfa.totp.confirm', { code: code(secret, Date.now()) }, { cookie }));

    const rotating = await startServer(
      { MFA_ENCRYPTION_KEY: newKey, MFA_ENCRYPTION_KEY_PREVIOUS: `${key()},${oldKey}` },
      { databaseUrl: first.databaseUrl, web: false, jobs: true },
    );
    servers.push(rotating);
    const logs = await waitForLog(rotating, 'none is left under MFA_ENCRYPTION_KEY_PREVIOUS');
    expect(logs).toContain('"resealed":1,"unreadable":0,"remaining":0');
    expect(logs).not.toContain(secret);

    const rotated = await startServer({ MFA_ENCRYPTION_KEY: newKey }, { databaseUrl: first.databaseUrl, web: false });
    servers.push(rotated);
    // Signing in by password leaves a pending sign-in, named by its own cookie, for the code to complete.
    const signIn = await fetch(`${rotated.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: rotated.origin },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(((await signIn.json()) as { result: { data: { mfaRequired: boolean } } }).result.data.mfaRequired).toBe(true);
    const pending = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    // The next step's code: the one used to confirm is spent.
    const verified = await trpc(rotated, 'auth.mfa.verify', { code: code(secret, Date.now() + 30_000) }, { cookie: pending });
    expect(verified.status).toBe(200);
    expect(verified.cookie).toMatch(/^session=/);
  });
});
