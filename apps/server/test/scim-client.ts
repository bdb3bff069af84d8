// A small HTTP client for the SCIM and tRPC surfaces of a running server, as an identity provider
// and a browser would use them.
import { verifyAddress } from './mailed-link.js';
import type { RunningServer } from './server.js';

export const PASSWORD = 'a perfectly fine passphrase';
let n = 0;
export const uniqueEmail = (label = 'u') => `${label}-${Date.now()}-${++n}@example.com`;

export interface TrpcResult<T = unknown> {
  status: number;
  data?: T;
  error?: { code: string; data: { reason: string | null; code: string; retryAfterSeconds?: number } };
  cookie?: string;
}

/** One tRPC call over HTTP: queries by GET, mutations by POST (with our Origin when a cookie is sent). */
export async function trpc<T = unknown>(
  server: Pick<RunningServer, 'url' | 'origin'>,
  path: string,
  input: unknown,
  auth: { cookie?: string; bearer?: string; /** The client address a trusted proxy reports (TRUST_PROXY). */ ip?: string } = {},
  kind: 'query' | 'mutation' = 'mutation',
): Promise<TrpcResult<T>> {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
  if (auth.ip) headers['x-forwarded-for'] = auth.ip;
  let res: Response;
  if (kind === 'query') {
    const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    res = await fetch(`${server.url}/trpc/${path}${qs}`, { headers });
  } else {
    res = await fetch(`${server.url}/trpc/${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify(input ?? null),
    });
  }
  const body = (await res.json()) as { result?: { data: T }; error?: TrpcResult['error'] };
  const cookie = res.headers.getSetCookie().find((c) => /^session=/.test(c))?.split(';')[0];
  return { status: res.status, ...(body.result ? { data: body.result.data } : {}), ...(body.error ? { error: body.error } : {}), ...(cookie ? { cookie } : {}) };
}

export function ok<T>(result: TrpcResult<T>): T {
  if (result.error || result.data === undefined) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

export const reasonOf = (r: TrpcResult) => (r.error ? `${r.error.data.code}/${r.error.data.reason}` : 'ok');

/** A new organisation's owner, signed in (sudo open), and a SCIM token for the organisation. */
export async function ownerWithScimToken(server: Pick<RunningServer, 'url' | 'origin' | 'orm'>, orgName = 'Acme') {
  const email = uniqueEmail('owner');
  const signUp = await trpc<{ userId: string }>(server, 'auth.signUp', { email, password: PASSWORD, displayName: 'Olive Owner', orgName });
  const cookie = signUp.cookie!;
  await verifyAddress(server, email);
  const created = ok(await trpc<{ secret: string; token: { id: string } }>(server, 'orgAdmin.scim.tokens.create', { name: 'Okta' }, { cookie }));
  return { cookie, email, userId: ok(signUp).userId, scimToken: created.secret, tokenId: created.token.id };
}

export interface ScimResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** An identity provider's request: Bearer token, application/scim+json both ways. */
export async function scimCall<T = Record<string, unknown>>(
  server: Pick<RunningServer, 'url'>,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ScimResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/scim+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/scim+json';
  const res = await fetch(`${server.url}/scim/v2${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The body Okta's SCIM validator creates a user with. */
export function oktaUser(email: string, externalId: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName: email,
    externalId,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: 'Test User',
    active: true,
    ...extra,
  };
}
