// Attack: read an invitation (or reset, verification, email-change) link out of the server's
// logs and use it before, or instead of, the person it was mailed to.
import { refusingInserts } from '@gatehouse/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { redactLinkTokens } from '../src/link-token-redaction.js';
import { verifyAddress } from './mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every 10-character piece of the token: a log holding part of it leaks too much. */
const piecesOf = (token: string) => Array.from({ length: token.length - 9 }, (_, i) => token.slice(i, i + 10));

function expectNoPieceOf(token: string, logs: string) {
  const leaked = piecesOf(token).filter((piece) => logs.includes(piece));
  expect(leaked).toEqual([]);
}

async function ownerOf(s: RunningServer) {
  const email = uniqueEmail('owner');
  const signUp = await trpc(s, 'auth.signUp', { email, password: PASSWORD, displayName: 'Olive', orgName: 'Acme' });
  await verifyAddress(s, email);
  return signUp.cookie!;
}

async function invite(s: RunningServer, cookie: string) {
  const { url } = ok(await trpc<{ url: string }>(s, 'orgAdmin.invitations.create', { email: uniqueEmail('invitee'), role: 'member', teamIds: [] }, { cookie }));
  return url.split('/invite/')[1]!;
}

/** What a browser does with the mailed link: open the page, load the preview, send the form. */
async function followLink(s: RunningServer, token: string) {
  const page = await fetch(`${s.url}/invite/${token}`, { headers: { accept: 'text/html' } });
  const preview = await trpc(s, 'auth.invitation', { token }, {}, 'query');
  // The web app batches its queries: the token then travels inside ?batch=1&input=.
  const batched = await fetch(`${s.url}/trpc/auth.invitation?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { token } }))}`);
  const accept = await trpc(s, 'auth.acceptInvitation', { token, displayName: 'Ivy Invitee', password: PASSWORD });
  return { page: page.status, preview: preview.status, batched: batched.status, accept: accept.status };
}

describe('link tokens', () => {
  it.each(['info', 'trace'] as const)('never reach the log through an invite → preview → accept flow, at LOG_LEVEL=%s', async (level) => {
    server = await startServer({ LOG_LEVEL: level });
    const s = server;
    const token = await invite(s, await ownerOf(s));
    expect(await followLink(s, token)).toEqual({ page: 200, preview: 200, batched: 200, accept: 200 });
    // The finest lines go through the same redaction.
    s.app.log.trace(`trace probe /invite/${token}`);

    const logs = s.logs();
    expectNoPieceOf(token, logs);
    // The requests were logged, with the token's place marked.
    expect(logs).toContain('"path":"/invite/[redacted]"');
    expect(logs).toContain('"path":"/trpc/auth.acceptInvitation"');
    expect(s.app.log.level).toBe(level);
    expect(logs.includes('trace probe /invite/[redacted]')).toBe(level === 'trace');
  });

  it.each(['info', 'trace'] as const)('never reach the log when accepting fails, at LOG_LEVEL=%s', async (level) => {
    // API only: unknown pages are then answered by Fastify's own 404, which logs the URL it got.
    server = await startServer({ LOG_LEVEL: level }, { web: false });
    const s = server;
    const cookie = await ownerOf(s);
    const used = await invite(s, cookie);
    expect((await trpc(s, 'auth.acceptInvitation', { token: used, displayName: 'First', password: PASSWORD })).status).toBe(200);
    const failing = await invite(s, cookie);

    // A used link, a link with a typo, a malformed accept, the page in any letter case, and a
    // failure of the server's own (the database refuses the new user) on a live link.
    expect((await trpc(s, 'auth.acceptInvitation', { token: used, displayName: 'Again', password: PASSWORD })).status).toBe(404);
    expect((await trpc(s, 'auth.acceptInvitation', { token: `${failing.slice(0, -1)}x`, displayName: 'Typo', password: PASSWORD })).status).toBe(404);
    expect((await trpc(s, 'auth.acceptInvitation', { token: failing, displayName: '', password: 'short' })).status).toBe(400);
    expect((await fetch(`${s.url}/INVITE/${failing}?from=mail&token=${failing}`)).status).toBe(404);
    await refusingInserts(s.orm, 'user', 'true', async () => {
      expect((await trpc(s, 'auth.acceptInvitation', { token: failing, displayName: 'Crash', password: PASSWORD })).status).toBe(500);
    });

    const logs = s.logs();
    for (const token of [used, failing]) expectNoPieceOf(token, logs);
    expect(logs).toContain('procedure failed');
    expect(logs).toMatch(/Route GET:\/INVITE\/\[redacted\]/);
  });
});

describe('redactLinkTokens', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
  it.each([
    ['an invitation page', `/invite/${token}`, '/invite/[redacted]'],
    ['a reset link in a full URL', `https://id.example/reset-password/${token}#x`, 'https://id.example/reset-password/[redacted]#x'],
    ['a verification link', `GET:/verify-email/${token}?a=1`, 'GET:/verify-email/[redacted]?a=1'],
    ['an email-change confirmation', `/confirm-email/${token}/`, '/confirm-email/[redacted]/'],
    ['an email-change cancellation', `/cancel-email-change/${token}`, '/cancel-email-change/[redacted]'],
    ['a token field at any depth', `{"a":{"b":{"token":"${token}"}}}`, '{"a":{"b":{"token":"[redacted]"}}}'],
    ['a token query parameter', `/x?y=1&token=${token}&z=2`, '/x?y=1&token=[redacted]&z=2'],
    ['a token inside an encoded tRPC input', `?input=%7B%220%22%3A%7B%22token%22%3A%22${token}%22%7D%7D`, '?input=%7B%220%22%3A%7B%22token%22%3A%22[redacted]%22%7D%7D'],
  ])('removes %s', (_label, text, expected) => {
    expect(redactLinkTokens(text)).toBe(expected);
  });
});
