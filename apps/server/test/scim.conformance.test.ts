// The flows Okta's and Microsoft Entra ID's SCIM validators run, over HTTP against the real
// server: create with externalId, get by filter, PATCH active false then true, group members
// add/remove/replace, replace, delete, count/startIndex paging, and SCIM error bodies.
import { AuditEvent, OutboxMail, User } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GROUP_SCHEMA,
  PATCH_SCHEMA,
  USER_SCHEMA,
  oktaUser,
  ownerWithScimToken,
  scimCall,
  uniqueEmail,
} from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
let token: string;
let other: string;
beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: 'silent' });
  token = (await ownerWithScimToken(s)).scimToken;
  other = (await ownerWithScimToken(s, 'Elsewhere')).scimToken;
});
afterAll(() => s.close());

type ScimUser = { id: string; userName: string; active: boolean; externalId?: string; displayName: string; [k: string]: unknown };
type ListResponse<T> = { totalResults: number; startIndex: number; itemsPerPage: number; Resources: T[] };
const call = <T = ScimUser>(method: string, path: string, body?: unknown) => scimCall<T>(s, token, method, path, body);
const createUser = async (email = uniqueEmail('scim'), externalId = `ext-${email}`) => {
  const res = await call('POST', '/Users', oktaUser(email, externalId));
  expect(res.status).toBe(201);
  return res.body;
};

describe('SCIM discovery and errors', () => {
  it('describes itself, in application/scim+json', async () => {
    const config = await call<{ patch: { supported: boolean }; filter: { supported: boolean } }>('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true } });
    const types = await call<ListResponse<{ id: string }>>('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r) => r.id)).toEqual(['User', 'Group']);
    const schemas = await call<ListResponse<{ id: string }>>('GET', '/Schemas');
    expect(schemas.body.Resources.map((r) => r.id)).toContain(USER_SCHEMA);
  });

  it('answers a missing, malformed or revoked-looking token with a 401 SCIM error body', async () => {
    for (const bad of [null, 'gscim_AAAAAAAA_bad', `${token.slice(0, -1)}x`, 'gate_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await scimCall(s, bad, 'GET', '/Users');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: expect.any(String) });
    }
  });

  it('answers an unknown id with 404 and a bad filter with 400 invalidFilter', async () => {
    const missing = await call('GET', '/Users/01900000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    const bad = await call('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    const unsupported = await call('GET', `/Users?filter=${encodeURIComponent('password eq "x"')}`);
    expect(unsupported.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });
});

describe('SCIM Users', () => {
  it('creates a user with externalId, linked and without a password, and mails them how to set one', async () => {
    const email = uniqueEmail('Okta.Created');
    const res = await call('POST', '/Users', oktaUser(email, 'okta-00u1'));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${s.origin}/scim/v2/Users/${res.body.id}`);
    expect(res.body).toMatchObject({
      schemas: expect.arrayContaining([USER_SCHEMA]),
      userName: email.toLowerCase(),
      externalId: 'okta-00u1',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ value: email.toLowerCase(), type: 'work', primary: true }],
      active: true,
      meta: { resourceType: 'User' },
    });
    const em = s.orm.em.fork();
    expect((await em.findOneOrFail(User, { id: res.body.id })).passwordHash).toBe('');
    expect(await em.count(OutboxMail, { toAddress: email.toLowerCase() })).toBe(1);
    const audit = await em.findOneOrFail(AuditEvent, { action: 'member.provisioned', targetId: res.body.id });
    expect(audit.via).toBe('scim');

    // Creating it again is a conflict, with SCIM's uniqueness error.
    const again = await call('POST', '/Users', oktaUser(email, 'okta-other'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const sameExternal = await call('POST', '/Users', oktaUser(uniqueEmail(), 'okta-00u1'));
    expect(sameExternal.status).toBe(409);
  });

  it('finds users by userName (any case), externalId, work email, and `and`', async () => {
    const email = uniqueEmail('findme');
    const user = await createUser(email, 'ext-find');
    const find = async (filter: string) => (await call<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body;
    for (const filter of [
      `userName eq "${email.toUpperCase()}"`,
      'externalId eq "ext-find"',
      `emails[type eq "work"].value eq "${email}"`,
      `userName eq "${email}" and externalId eq "ext-find"`,
    ]) {
      const found = await find(filter);
      expect({ filter, total: found.totalResults, ids: found.Resources.map((r) => r.id) }).toEqual({ filter, total: 1, ids: [user.id] });
    }
    expect(await find('userName eq "nobody@example.com"')).toMatchObject({ totalResults: 0, Resources: [] });
    expect((await find(`userName eq "${email}" and externalId eq "other"`)).totalResults).toBe(0);
  });

  it('suspends with PATCH active false (Okta form) and restores with active true (Entra form)', async () => {
    const user = await createUser();
    const off = await call('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await call('GET', `/Users/${user.id}`)).body.active).toBe(false);
    const filtered = await call<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent(`id eq "${user.id}" and active eq false`)}`);
    expect(filtered.body.totalResults).toBe(1);
    const on = await call('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    });
    expect(on.body.active).toBe(true);
    const actions = (await s.orm.em.fork().find(AuditEvent, { targetId: user.id }, { orderBy: { id: 'asc' } })).map((e) => `${e.action}/${e.via}`);
    expect(actions).toEqual(['member.provisioned/scim', 'member.suspended/scim', 'member.restored/scim']);
  });

  it('applies Entra-style attribute patches and a full replace', async () => {
    const user = await createUser();
    const newEmail = uniqueEmail('renamed');
    const patched = await call('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: newEmail },
        { op: 'Replace', path: 'userName', value: newEmail },
        { op: 'Replace', path: 'name.givenName', value: 'Renamed' },
        { op: 'Add', path: 'title', value: 'Engineer' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'R&D' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      userName: newEmail,
      name: { givenName: 'Renamed' },
      title: 'Engineer',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    });
    const replaced = await call('PUT', `/Users/${user.id}`, {
      schemas: [USER_SCHEMA],
      userName: newEmail,
      externalId: user.externalId,
      name: { givenName: 'Put', familyName: 'Replace' },
      displayName: 'Put Replace',
      emails: [{ value: newEmail, type: 'work', primary: true }],
      active: true,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ displayName: 'Put Replace', name: { givenName: 'Put', familyName: 'Replace' } });
    // A replace clears what it leaves out.
    expect(replaced.body.title).toBeUndefined();
    const bad = await call('PATCH', `/Users/${user.id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'a\u0000b' }] });
    expect(bad.status).toBe(400);
    expect((await call('GET', `/Users/${user.id}`)).body.displayName).toBe('Put Replace');
  });

  it('pages with startIndex and count, totalResults staying the whole set', async () => {
    const prefix = `page-${Date.now()}`;
    for (let i = 0; i < 5; i++) await createUser(`${prefix}-${i}@example.com`);
    const filter = encodeURIComponent(`userName sw "${prefix}"`);
    const seen: string[] = [];
    for (const start of [1, 3, 5]) {
      const page = (await call<ListResponse<ScimUser>>('GET', `/Users?filter=${filter}&startIndex=${start}&count=2`)).body;
      expect(page).toMatchObject({ totalResults: 5, startIndex: start, itemsPerPage: start === 5 ? 1 : 2 });
      seen.push(...page.Resources.map((r) => r.userName));
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${i}@example.com`));
    const countOnly = (await call<ListResponse<ScimUser>>('GET', `/Users?filter=${filter}&count=0`)).body;
    expect(countOnly).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it('deletes by erasing the account (204), after which the user is 404', async () => {
    const user = await createUser();
    const res = await call('DELETE', `/Users/${user.id}`);
    expect(res.status).toBe(204);
    expect((await call('GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await call('DELETE', `/Users/${user.id}`)).status).toBe(404);
    const em = s.orm.em.fork();
    expect(await em.count(User, { id: user.id })).toBe(0);
    const removal = await em.findOneOrFail(AuditEvent, { action: 'member.removed', via: 'scim' }, { orderBy: { id: 'desc' } });
    expect(removal.targetId).toMatch(/^erased-/);
  });

  it("reaches only its own organisation: another org's token sees none of these users", async () => {
    const user = await createUser();
    expect((await scimCall(s, other, 'GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await scimCall(s, other, 'PATCH', `/Users/${user.id}`, { Operations: [{ op: 'replace', value: { active: false } }] })).status).toBe(404);
    expect((await scimCall(s, other, 'DELETE', `/Users/${user.id}`)).status).toBe(404);
    const list = await scimCall<ListResponse<ScimUser>>(s, other, 'GET', `/Users?filter=${encodeURIComponent(`id eq "${user.id}"`)}`);
    expect(list.body.totalResults).toBe(0);
    expect((await call('GET', `/Users/${user.id}`)).body.active).toBe(true);
  });
});

describe('SCIM Groups (teams)', () => {
  it('creates, patches members add/remove/replace, renames, replaces, lists and deletes', async () => {
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    const created = await call<{ id: string; displayName: string; members: { value: string }[] }>('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: `Engineering ${Date.now()}`,
      members: [{ value: a.id }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const members = async () =>
      ((await call<{ members: { value: string }[] }>('GET', `/Groups/${id}`)).body.members ?? []).map((m) => m.value).sort();
    expect(await members()).toEqual([a.id]);

    // Okta: add by value list; Entra: remove by filter path.
    await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: b.id }, { value: c.id }] }] });
    expect(await members()).toEqual([a.id, b.id, c.id].sort());
    await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Remove', path: `members[value eq "${b.id}"]` }] });
    expect(await members()).toEqual([a.id, c.id].sort());
    await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: 'members', value: [{ value: a.id }] }] });
    expect(await members()).toEqual([c.id]);
    await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'members', value: [{ value: a.id }, { value: b.id }] }] });
    expect(await members()).toEqual([a.id, b.id].sort());

    const renamed = await call<{ displayName: string }>('PATCH', `/Groups/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'replace', value: { id, displayName: 'Platform Eng' } }],
    });
    expect(renamed.body.displayName).toBe('Platform Eng');
    // The user resource shows the team among its groups.
    expect((await call('GET', `/Users/${a.id}`)).body.groups).toEqual([{ value: id, display: 'Platform Eng' }]);

    const replaced = await call<{ displayName: string; members: { value: string }[] }>('PUT', `/Groups/${id}`, {
      schemas: [GROUP_SCHEMA],
      displayName: 'Platform',
      members: [{ value: c.id }],
    });
    expect(replaced.body.displayName).toBe('Platform');
    expect(await members()).toEqual([c.id]);

    const byName = await call<ListResponse<{ id: string; members?: unknown }>>(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "platform"')}&excludedAttributes=members`,
    );
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0]).toMatchObject({ id });
    expect(byName.body.Resources[0]!.members).toBeUndefined();

    // A member that is not a user of this organisation is refused, and nothing changes.
    const foreign = await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: 'nobody' }] }] });
    expect(foreign.status).toBe(400);
    expect(await members()).toEqual([c.id]);
    // Another group with the same name is a conflict.
    expect((await call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'PLATFORM' })).status).toBe(409);
    expect((await scimCall(s, other, 'GET', `/Groups/${id}`)).status).toBe(404);

    expect((await call('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await call('GET', `/Groups/${id}`)).status).toBe(404);
  });
});
