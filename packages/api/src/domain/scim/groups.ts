import { Membership, Team, TeamMember, UniqueConstraintViolationException, newId, type EntityManager } from '@gatehouse/db';
import { recordAudit } from '../audit.js';
import { scimAudit, type ScimContext } from './context.js';
import { scimErrors, scimText } from './errors.js';
import { compileFilter, type Column } from './filter.js';
import { applyPatch, patchOperations } from './patch.js';
import { listResponse, meta, paging, SCIM } from './resources.js';

const GROUP_COLUMNS: Record<string, Column> = {
  id: { sql: 't.id', caseExact: true },
  displayname: { sql: 't.name', caseExact: false },
  externalid: { sql: 't.external_id', caseExact: true },
  'members.value': { sql: '', caseExact: true, exists: 'exists (select 1 from team_member f where f.team_id = t.id and f.user_id = ?)' },
  members: { sql: '', caseExact: true, exists: 'exists (select 1 from team_member f where f.team_id = t.id and f.user_id = ?)' },
};

interface TeamRow {
  id: string;
  name: string;
  external_id: string | null;
  created_at: Date | number | string;
}

async function membersOf(em: EntityManager, teamIds: string[]) {
  const byTeam = new Map<string, { value: string; display: string }[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await em.execute<{ team_id: string; user_id: string; display_name: string }[]>(
    `select tm.team_id, tm.user_id, u.display_name from team_member tm
       inner join "user" u on u.id = tm.user_id
       inner join membership m on m.user_id = tm.user_id and m.kind = 'person'
      where tm.team_id in (?) order by u.display_name`,
    [teamIds],
  );
  for (const r of rows) byTeam.get(r.team_id)?.push({ value: r.user_id, display: r.display_name });
  return byTeam;
}

function toScim(ctx: ScimContext, row: TeamRow, members: { value: string; display: string }[] | null) {
  return {
    schemas: [SCIM.group],
    id: row.id,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    displayName: row.name,
    ...(members ? { members: members.map((m) => ({ ...m, $ref: `${ctx.baseUrl}/Users/${m.value}` })) } : {}),
    meta: meta('Group', `${ctx.baseUrl}/Groups/${row.id}`, row.created_at, row.created_at),
  };
}

const excludesMembers = (excluded: unknown) =>
  typeof excluded === 'string' && excluded.split(',').some((a) => a.trim().toLowerCase() === 'members');

async function rowOf(ctx: ScimContext, em: EntityManager, id: string): Promise<TeamRow> {
  const [row] = await em.execute<TeamRow[]>(
    'select t.id, t.name, t.external_id, t.created_at from team t where t.organization_id = ? and t.id = ?',
    [ctx.caller.orgId, id],
  );
  if (!row) throw scimErrors.notFound('Group', id);
  return row;
}

export async function getScimGroup(ctx: ScimContext, id: string, query: { excludedAttributes?: unknown } = {}) {
  const row = await rowOf(ctx, ctx.em, id);
  const members = excludesMembers(query.excludedAttributes) ? null : ((await membersOf(ctx.em, [id])).get(id) ?? []);
  return toScim(ctx, row, members);
}

/** GET /Groups: the organisation's teams as groups (Entra asks with excludedAttributes=members). */
export async function listScimGroups(
  ctx: ScimContext,
  query: { filter?: unknown; startIndex?: unknown; count?: unknown; excludedAttributes?: unknown },
) {
  const page = paging(query);
  const where = typeof query.filter === 'string' && query.filter.trim() ? compileFilter(query.filter, GROUP_COLUMNS) : null;
  const condition = where ? ` and (${where.sql})` : '';
  const params = [ctx.caller.orgId, ...(where?.params ?? [])];
  const [total] = await ctx.em.execute<{ n: number | string }[]>(`select count(*) as n from team t where t.organization_id = ?${condition}`, params);
  const rows = page.count
    ? await ctx.em.execute<TeamRow[]>(
        `select t.id, t.name, t.external_id, t.created_at from team t where t.organization_id = ?${condition} order by t.id limit ? offset ?`,
        [...params, page.count, page.startIndex - 1],
      )
    : [];
  const members = excludesMembers(query.excludedAttributes) ? null : await membersOf(ctx.em, rows.map((r) => r.id));
  return listResponse(rows.map((r) => toScim(ctx, r, members ? (members.get(r.id) ?? []) : null)), Number(total?.n ?? 0), page);
}

function readGroup(body: unknown) {
  if (typeof body !== 'object' || body === null) throw scimErrors.invalidSyntax('The body must be a SCIM Group');
  const group = body as Record<string, unknown>;
  const get = (name: string) => group[Object.keys(group).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
  const name = scimText(get('displayName'), 'displayName', 100);
  if (!name) throw scimErrors.invalidValue('displayName is required');
  const rawMembers = get('members');
  if (rawMembers !== undefined && rawMembers !== null && !Array.isArray(rawMembers)) throw scimErrors.invalidValue('members must be a list');
  const members = ((rawMembers as unknown[] | undefined) ?? []).map((m) => {
    const value = scimText((m as Record<string, unknown> | null)?.value, 'members.value', 64);
    if (!value) throw scimErrors.invalidValue('Each member needs a value (a user id)');
    return value;
  });
  if (members.length > 10_000) throw scimErrors.invalidValue('Too many members in one request');
  return { name, externalId: scimText(get('externalId'), 'externalId', 255), members: [...new Set(members)] };
}

async function assertNameFree(em: EntityManager, orgId: string, name: string, exceptId?: string) {
  const teams = await em.find(Team, { organization: orgId }, { fields: ['id', 'name'] });
  if (teams.some((t) => t.id !== exceptId && t.name.toLocaleLowerCase() === name.toLocaleLowerCase())) {
    throw scimErrors.uniqueness('A group with this displayName already exists');
  }
}

/** Makes the team's people exactly `wanted` (people of this organisation only; a service account's place stays). */
async function syncMembers(ctx: ScimContext, tx: EntityManager, team: Team, wanted: string[]) {
  if (wanted.length) {
    const found = await tx.find(Membership, { organization: ctx.caller.orgId, user: { $in: wanted }, kind: 'person' }, { fields: ['user'] });
    const known = new Set(found.map((m) => m.user.id));
    const unknown = wanted.find((id) => !known.has(id));
    if (unknown) throw scimErrors.invalidValue(`Member ${unknown} is not a user of this organisation`);
  }
  const all = await tx.find(TeamMember, { team: team.id });
  const people = all.length
    ? await tx.find(Membership, { user: { $in: all.map((p) => p.user.id) }, kind: 'person' }, { fields: ['user'] })
    : [];
  const personIds = new Set(people.map((m) => m.user.id));
  const places = all.filter((p) => personIds.has(p.user.id));
  const current = new Set(places.map((p) => p.user.id));
  const target = new Set(wanted);
  const removed = places.filter((p) => !target.has(p.user.id));
  const added = wanted.filter((id) => !current.has(id));
  for (const place of removed) tx.remove(place);
  for (const userId of added) tx.create(TeamMember, { team, user: userId });
  for (const [action, ids] of [
    ['team.member_added', added],
    ['team.member_removed', removed.map((p) => p.user.id)],
  ] as const) {
    for (const userId of ids) {
      recordAudit(tx, { ...scimAudit(ctx, { teamId: team.id, teamName: team.name }), action, targetType: 'user', targetId: userId });
    }
  }
}

async function uniqueWrites<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw scimErrors.uniqueness('A group with this displayName already exists');
    throw error;
  }
}

export async function createScimGroup(ctx: ScimContext, body: unknown) {
  const fields = readGroup(body);
  const id = await uniqueWrites(() =>
    ctx.em.transactional(async (tx) => {
      await assertNameFree(tx, ctx.caller.orgId, fields.name);
      const team = tx.create(Team, { id: newId(), organization: ctx.caller.orgId, name: fields.name, externalId: fields.externalId });
      recordAudit(tx, { ...scimAudit(ctx, { name: fields.name }), action: 'team.created', targetType: 'team', targetId: team.id });
      await tx.flush();
      await syncMembers(ctx, tx, team, fields.members);
      await tx.flush();
      return team.id;
    }),
  );
  return getScimGroup({ ...ctx, em: ctx.em.fork() }, id);
}

async function writeGroup(ctx: ScimContext, id: string, fields: ReturnType<typeof readGroup>) {
  await uniqueWrites(() =>
    ctx.em.transactional(async (tx) => {
      const team = await tx.findOne(Team, { id, organization: ctx.caller.orgId });
      if (!team) throw scimErrors.notFound('Group', id);
      if (team.name !== fields.name) {
        await assertNameFree(tx, ctx.caller.orgId, fields.name, team.id);
        recordAudit(tx, { ...scimAudit(ctx, { from: team.name, to: fields.name }), action: 'team.renamed', targetType: 'team', targetId: team.id });
        team.name = fields.name;
      }
      team.externalId = fields.externalId;
      await syncMembers(ctx, tx, team, fields.members);
    }),
  );
}

/** PUT /Groups/:id: name and the full member list. */
export async function replaceScimGroup(ctx: ScimContext, id: string, body: unknown) {
  await rowOf(ctx, ctx.em, id);
  await writeGroup(ctx, id, readGroup(body));
  return getScimGroup({ ...ctx, em: ctx.em.fork() }, id);
}

/** PATCH /Groups/:id: members add/remove/replace and rename, as Okta and Entra send them. */
export async function patchScimGroup(ctx: ScimContext, id: string, body: unknown) {
  const operations = patchOperations(body);
  const current = await getScimGroup(ctx, id);
  const patched = applyPatch(current, operations);
  await writeGroup(ctx, id, readGroup(patched));
  return getScimGroup({ ...ctx, em: ctx.em.fork() }, id);
}

/** DELETE /Groups/:id: the team goes, with its places and agents (as an owner's deletion). */
export async function deleteScimGroup(ctx: ScimContext, id: string): Promise<void> {
  await ctx.em.transactional(async (tx) => {
    const team = await tx.findOne(Team, { id, organization: ctx.caller.orgId });
    if (!team) throw scimErrors.notFound('Group', id);
    recordAudit(tx, { ...scimAudit(ctx, { name: team.name }), action: 'team.deleted', targetType: 'team', targetId: team.id });
    await tx.flush();
    await tx.nativeDelete(Team, { id: team.id, organization: ctx.caller.orgId });
  });
}
