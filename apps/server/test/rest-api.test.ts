// The REST surface at /api, as a client with an API key meets it: the served OpenAPI document is
// valid OpenAPI 3.1 (checked by an independent validator) and describes exactly the routes
// served; each route runs its procedure with the same scopes, limits and error bodies as /trpc;
// a browser's session cookie opens nothing there.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAddress } from './mailed-link.js';
import { PASSWORD, ok, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
let cookie: string;
let ownerKey: string;
let profileOnlyKey: string;

async function api(path: string, init: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.url}/api${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions probe the JSON freely
}

beforeAll(async () => {
  s = await startServer();
  const email = uniqueEmail('rest');
  const signUp = await trpc<{ userId: string }>(s, 'auth.signUp', {
    email,
    password: PASSWORD,
    displayName: 'Rest Owner',
    orgName: 'Rest Org',
  });
  cookie = signUp.cookie!;
  await verifyAddress(s, email);
  const mint = async (scopes: string[]) =>
    ok(await trpc<{ secret: string }>(s, 'me.apiKeys.create', { name: scopes.join(' '), scopes, expiresInDays: 7 }, { cookie })).secret;
  ownerKey = await mint(['profile:read', 'profile:write', 'agents:read', 'org:read', 'org:write']);
  profileOnlyKey = await mint(['profile:read']);
});
afterAll(() => s?.close());

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and lists exactly the routes served', async () => {
    const res = await fetch(`${s.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { operationId: string }>> };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.servers[0]!.url).toBe(`${s.origin}/api`);

    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(operations).toContain('GET /me me.get');
    expect(operations).toContain('GET /org/members orgAdmin.members.list');
    expect(operations).toContain('DELETE /org/teams/{teamId} orgAdmin.teams.delete');
    // Session-only and sudo procedures never get a route.
    expect(operations.join('\n')).not.toMatch(/me\.apiKeys|me\.sessions|me\.sudo|auth\./);
    // Every documented operation is served (a 404 here would be the route table's own).
    for (const op of operations) {
      const [method, path] = op.split(' ') as [string, string];
      const res = await fetch(`${s.url}/api${path.replace(/\{[^}]+\}/g, 'x')}`, {
        method,
        headers: { authorization: `Bearer ${profileOnlyKey}`, ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      });
      const body = (await res.json()) as { error?: { data: { path?: string } } };
      if (res.status !== 200) expect(body.error?.data.path, op).toBe(op.split(' ')[2]);
    }
  });
});

describe('REST routes', () => {
  it('answer the procedure output for a key, with query strings read against the schema', async () => {
    const me = await api('/me', { key: ownerKey });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ displayName: 'Rest Owner', role: 'owner', via: 'apiKey', org: { name: 'Rest Org' } });

    const team = await api('/org/teams', { method: 'POST', key: ownerKey, body: { name: 'Platform' } });
    expect(team.status).toBe(200);
    const teamId = team.body.id as string;
    const added = await api(`/org/teams/${teamId}/members/${me.body.id}`, { method: 'PUT', key: ownerKey });
    expect(added.status).toBe(200);
    // The same data through /trpc with the session.
    const teams = ok(await trpc<{ id: string; name: string }[]>(s, 'orgAdmin.teams.list', undefined, { cookie }, 'query'));
    expect(teams.map((t) => t.name)).toContain('Platform');

    const page = await api(`/org/members?limit=1&teamId=${teamId}`, { key: ownerKey });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ userId: me.body.id });

    const renamed = await api(`/org/teams/${teamId}`, { method: 'PATCH', key: ownerKey, body: { name: 'Platform Eng', teamId: 'ignored' } });
    expect(renamed.status).toBe(200);
    const after = ok(await trpc<{ id: string; name: string }[]>(s, 'orgAdmin.teams.list', undefined, { cookie }, 'query'));
    expect(after.find((t) => t.id === teamId)?.name).toBe('Platform Eng');
  });

  it('refuse as /trpc does: same status, same error body', async () => {
    const rest = await api('/org/members', { key: profileOnlyKey });
    const viaTrpc = await fetch(`${s.url}/trpc/orgAdmin.members.list`, { headers: { authorization: `Bearer ${profileOnlyKey}` } });
    expect(rest.status).toBe(403);
    expect(rest.status).toBe(viaTrpc.status);
    expect(rest.body).toEqual(await viaTrpc.json());
    expect(rest.body.error.data.reason).toBe('INSUFFICIENT_SCOPE');

    const bad = await api('/org/members?limit=many', { key: ownerKey });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data).toMatchObject({ reason: 'VALIDATION', issues: [expect.objectContaining({ path: ['limit'] })] });

    const unknownKey = await api('/me', { key: `gate_AAAAAAAA_${'A'.repeat(38)}` });
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.body.error.data.reason).toBe('INVALID_API_KEY');

    const notJson = await api('/org/teams', { method: 'POST', key: ownerKey, body: '{"name":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.data.code).toBe('PARSE_ERROR');

    const nowhere = await api('/no/such/route', { key: ownerKey });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.data.code).toBe('NOT_FOUND');
  });

  it('ignore the session cookie, so a browser session cannot be ridden through them', async () => {
    const withCookie = await api('/me', { headers: { cookie } });
    expect(withCookie.status).toBe(401);
    expect(withCookie.body.error.data.reason).toBe('SESSION_REQUIRED');
    const createWithCookie = await api('/org/teams', { method: 'POST', headers: { cookie, origin: s.origin }, body: { name: 'Ridden' } });
    expect(createWithCookie.status).toBe(401);
    const teams = ok(await trpc<{ name: string }[]>(s, 'orgAdmin.teams.list', undefined, { cookie }, 'query'));
    expect(teams.map((t) => t.name)).not.toContain('Ridden');
  });

  it('draw on the same rate limits, with Retry-After', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 6; i++) {
      last = await api('/me/export', { method: 'POST', key: profileOnlyKey });
      statuses.push(last.status);
    }
    // 5 exports an hour per user, whichever door they came through (the route table's probe above spent one).
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(last!.body.error.data).toMatchObject({ reason: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const viaTrpc = await trpc(s, 'me.exportData', undefined, { bearer: profileOnlyKey });
    expect(viaTrpc.status).toBe(429);
  });

  it('serve the reference page under the same CSP, with scripts of our own origin only', async () => {
    const res = await fetch(`${s.url}/api/reference`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="\/api\/reference\//);
      expect(inline!.trim()).toBe('');
    }
    const bundle = await fetch(`${s.url}/api/reference/scalar.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
