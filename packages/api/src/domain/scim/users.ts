import { Membership, UniqueConstraintViolationException, User, newId, type EntityManager } from '@gatehouse/db';
import { z } from 'zod';
import { recordAudit } from '../audit.js';
import { eraseAccount } from '../erasure.js';
import { setMemberSuspended } from '../suspension.js';
import { scimAudit, type ScimContext } from './context.js';
import { ScimError, scimErrors, scimText } from './errors.js';
import { compileFilter, type Column } from './filter.js';
import { applyPatch, patchOperations, scimBoolean } from './patch.js';
import { listResponse, meta, paging, SCIM } from './resources.js';
import { sendSetPasswordLink } from './set-password-link.js';

interface UserRow {
  user_id: string;
  email: string;
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  job_title: string | null;
  department: string | null;
  external_id: string | null;
  scim_user_name: string | null;
  suspended_at: Date | number | string | null;
  created_at: Date | number | string;
  updated_at: Date | number | string;
}

const USER_COLUMNS: Record<string, Column> = {
  id: { sql: 'm.user_id', caseExact: true },
  username: { sql: 'coalesce(m.scim_user_name, u.email)', caseExact: false },
  externalid: { sql: 'm.external_id', caseExact: true },
  displayname: { sql: 'u.display_name', caseExact: false },
  'name.givenname': { sql: 'u.given_name', caseExact: false },
  'name.familyname': { sql: 'u.family_name', caseExact: false },
  emails: { sql: 'u.email', caseExact: false },
  'emails.value': { sql: 'u.email', caseExact: false },
  // Gatehouse keeps one address per person, the work one, which is also primary.
  'emails.type': { sql: "'work'", caseExact: false },
  'emails.primary': { sql: '', caseExact: true, boolean: { whenTrue: '1 = 1', whenFalse: '1 = 0' } },
  title: { sql: 'u.job_title', caseExact: false },
  active: { sql: '', caseExact: true, boolean: { whenTrue: 'm.suspended_at is null', whenFalse: 'm.suspended_at is not null' } },
};

const SELECT = `select m.user_id, u.email, u.display_name, u.given_name, u.family_name, u.job_title, u.department,
       m.external_id, m.scim_user_name, m.suspended_at, m.created_at, u.updated_at
  from membership m inner join "user" u on u.id = m.user_id
 where m.organization_id = ? and m.kind = 'person'`;

async function groupsOf(em: EntityManager, orgId: string, userIds: string[]) {
  const byUser = new Map<string, { value: string; display: string }[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await em.execute<{ user_id: string; id: string; name: string }[]>(
    `select tm.user_id, t.id, t.name from team_member tm inner join team t on t.id = tm.team_id
      where t.organization_id = ? and tm.user_id in (?) order by t.name`,
    [orgId, userIds],
  );
  for (const r of rows) byUser.get(r.user_id)?.push({ value: r.id, display: r.name });
  return byUser;
}

function toScim(ctx: ScimContext, row: UserRow, groups: { value: string; display: string }[]) {
  return {
    schemas: [SCIM.user, SCIM.enterprise],
    id: row.user_id,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    userName: row.scim_user_name ?? row.email,
    name: {
      ...(row.given_name ? { givenName: row.given_name } : {}),
      ...(row.family_name ? { familyName: row.family_name } : {}),
      formatted: row.display_name,
    },
    displayName: row.display_name,
    ...(row.job_title ? { title: row.job_title } : {}),
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.suspended_at === null,
    groups,
    [SCIM.enterprise]: row.department ? { department: row.department } : {},
    meta: meta('User', `${ctx.baseUrl}/Users/${row.user_id}`, row.created_at, row.updated_at),
  };
}

async function rowOf(ctx: ScimContext, em: EntityManager, id: string): Promise<UserRow> {
  const [row] = await em.execute<UserRow[]>(`${SELECT} and m.user_id = ?`, [ctx.caller.orgId, id]);
  if (!row) throw scimErrors.notFound('User', id);
  return row;
}

export async function getScimUser(ctx: ScimContext, id: string) {
  const row = await rowOf(ctx, ctx.em, id);
  return toScim(ctx, row, (await groupsOf(ctx.em, ctx.caller.orgId, [id])).get(id) ?? []);
}

/** GET /Users: the organisation's people, filtered (RFC 7644 §3.4.2) and paged by startIndex/count. */
export async function listScimUsers(ctx: ScimContext, query: { filter?: unknown; startIndex?: unknown; count?: unknown }) {
  const page = paging(query);
  const where = typeof query.filter === 'string' && query.filter.trim() ? compileFilter(query.filter, USER_COLUMNS) : null;
  const condition = where ? ` and (${where.sql})` : '';
  const params = [ctx.caller.orgId, ...(where?.params ?? [])];
  const [total] = await ctx.em.execute<{ n: number | string }[]>(
    `select count(*) as n from membership m inner join "user" u on u.id = m.user_id
      where m.organization_id = ? and m.kind = 'person'${condition}`,
    params,
  );
  const rows = page.count
    ? await ctx.em.execute<UserRow[]>(`${SELECT}${condition} order by m.id limit ? offset ?`, [...params, page.count, page.startIndex - 1])
    : [];
  const groups = await groupsOf(ctx.em, ctx.caller.orgId, rows.map((r) => r.user_id));
  return listResponse(
    rows.map((r) => toScim(ctx, r, groups.get(r.user_id) ?? [])),
    Number(total?.n ?? 0),
    page,
  );
}

const emailShape = z.email();

/** The attributes Gatehouse keeps, read from a SCIM User (create, replace, or a patched one). */
function readUser(body: unknown) {
  if (typeof body !== 'object' || body === null) throw scimErrors.invalidSyntax('The body must be a SCIM User');
  const user = body as Record<string, unknown>;
  const get = (name: string) => user[Object.keys(user).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
  const userName = scimText(get('userName'), 'userName', 254);
  if (!userName) throw scimErrors.invalidValue('userName is required');
  const emails = Array.isArray(get('emails')) ? (get('emails') as Record<string, unknown>[]) : [];
  const chosen = emails.find((e) => e?.primary === true || e?.primary === 'True') ?? emails.find((e) => e?.type === 'work') ?? emails[0];
  const listed = scimText(chosen?.value, 'emails.value', 254);
  const email = (emailShape.safeParse(userName).success ? userName : listed)?.toLowerCase();
  if (!email || !emailShape.safeParse(email).success) throw scimErrors.invalidValue('userName or a work email must be an email address');
  const name = (get('name') ?? {}) as Record<string, unknown>;
  const givenName = scimText(name.givenName, 'name.givenName', 100);
  const familyName = scimText(name.familyName, 'name.familyName', 100);
  const displayName =
    scimText(get('displayName'), 'displayName', 100) ??
    scimText(name.formatted, 'name.formatted', 100) ??
    ([givenName, familyName].filter(Boolean).join(' ') || email.split('@')[0]!);
  const enterprise = (get(SCIM.enterprise) ?? {}) as Record<string, unknown>;
  return {
    email,
    scimUserName: userName.toLowerCase() === email ? null : userName,
    externalId: scimText(get('externalId'), 'externalId', 255),
    displayName: displayName.slice(0, 100),
    givenName,
    familyName,
    jobTitle: scimText(get('title'), 'title', 100),
    department: scimText(enterprise.department, 'department', 100),
    active: scimBoolean(get('active'), 'active') ?? true,
  };
}

type UserFields = ReturnType<typeof readUser>;

async function assertUnique(em: EntityManager, orgId: string, fields: UserFields, exceptUserId?: string) {
  const byEmail = await em.findOne(User, { email: fields.email }, { fields: ['id'] });
  if (byEmail && byEmail.id !== exceptUserId) throw scimErrors.uniqueness('userName is already in use');
  if (fields.externalId) {
    const byExternal = await em.findOne(Membership, { organization: orgId, externalId: fields.externalId }, { fields: ['user'] });
    if (byExternal && byExternal.user.id !== exceptUserId) throw scimErrors.uniqueness('externalId is already in use');
  }
}

async function uniqueWrites<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Two concurrent creates of one address: the unique index decides, the loser gets a 409.
    if (error instanceof UniqueConstraintViolationException) throw scimErrors.uniqueness('userName or externalId is already in use');
    throw error;
  }
}

/**
 * POST /Users: a member of the organisation with the member role, no password (they set one
 * through a mailed link), linked to the identity provider by externalId.
 */
export async function createScimUser(ctx: ScimContext, body: unknown) {
  const fields = readUser(body);
  const id = await uniqueWrites(() =>
    ctx.em.transactional(async (tx) => {
      await assertUnique(tx, ctx.caller.orgId, fields);
      const userId = newId();
      const user = tx.create(User, {
        id: userId,
        email: fields.email,
        displayName: fields.displayName,
        givenName: fields.givenName,
        familyName: fields.familyName,
        jobTitle: fields.jobTitle,
        department: fields.department,
        passwordHash: '',
        timezone: 'UTC',
        locale: 'en',
      });
      tx.create(Membership, {
        user,
        organization: ctx.caller.orgId,
        role: 'member',
        externalId: fields.externalId,
        scimUserName: fields.scimUserName,
        suspendedAt: fields.active ? null : new Date(),
      });
      recordAudit(tx, { ...scimAudit(ctx, { externalId: fields.externalId }), action: 'member.provisioned', targetType: 'user', targetId: userId });
      await tx.flush();
      if (fields.active) await sendSetPasswordLink(tx, { userId, email: fields.email, orgId: ctx.caller.orgId, appOrigin: ctx.appOrigin });
      await tx.flush();
      return userId;
    }),
  );
  return getScimUser({ ...ctx, em: ctx.em.fork() }, id);
}

/** Writes a full set of fields onto an existing member: PUT, and PATCH after applying its operations. */
async function writeUser(ctx: ScimContext, id: string, fields: UserFields): Promise<void> {
  await uniqueWrites(() =>
    ctx.em.transactional(async (tx) => {
      const membership = await tx.findOne(Membership, { organization: ctx.caller.orgId, user: id, kind: 'person' }, { populate: ['user'] });
      if (!membership) throw scimErrors.notFound('User', id);
      await assertUnique(tx, ctx.caller.orgId, fields, id);
      const user = membership.user;
      const changed: string[] = [];
      const set = (target: object, key: string, value: unknown) => {
        const record = target as Record<string, unknown>;
        if ((record[key] ?? null) !== value) {
          record[key] = value;
          changed.push(key);
        }
      };
      set(user, 'email', fields.email);
      set(user, 'displayName', fields.displayName);
      set(user, 'givenName', fields.givenName);
      set(user, 'familyName', fields.familyName);
      set(user, 'jobTitle', fields.jobTitle);
      set(user, 'department', fields.department);
      set(membership, 'externalId', fields.externalId);
      set(membership, 'scimUserName', fields.scimUserName);
      if (changed.length) {
        recordAudit(tx, { ...scimAudit(ctx, { fields: changed }), action: 'member.updated', targetType: 'user', targetId: id });
      }
      const outcome = await setMemberSuspended(tx, membership, !fields.active, scimAudit(ctx));
      if (outcome === 'last-owner') throw scimErrors.mutability("The organisation's last active owner cannot be suspended");
    }),
  );
}

/** PUT /Users/:id: replaces every attribute Gatehouse keeps (absent optional ones are cleared). */
export async function replaceScimUser(ctx: ScimContext, id: string, body: unknown) {
  await rowOf(ctx, ctx.em, id);
  await writeUser(ctx, id, readUser(body));
  return getScimUser({ ...ctx, em: ctx.em.fork() }, id);
}

/** PATCH /Users/:id, including `active` false (suspend) and true (restore sign-in). */
export async function patchScimUser(ctx: ScimContext, id: string, body: unknown) {
  const operations = patchOperations(body);
  const current = await getScimUser(ctx, id);
  const patched = applyPatch(current, operations);
  await writeUser(ctx, id, readUser(patched));
  return getScimUser({ ...ctx, em: ctx.em.fork() }, id);
}

/** DELETE /Users/:id: the one erasure path (SPEC §6), as an owner's removal would. */
export async function deleteScimUser(ctx: ScimContext, id: string): Promise<void> {
  await rowOf(ctx, ctx.em, id);
  try {
    await eraseAccount(ctx.em, id, { actor: { userId: ctx.caller.tokenId, via: 'scim' }, meta: ctx.meta, limits: ctx.limits });
  } catch (error) {
    if (error instanceof ScimError) throw error;
    if ((error as { cause?: { reason?: string } }).cause?.reason === 'SOLE_OWNER') {
      throw scimErrors.mutability("The organisation's only owner cannot be deleted; make another member an owner first");
    }
    throw error;
  }
}
