// A small organisation with one of everything a procedure can point at, and inputs built from
// each procedure's own schema: every field present, strings filled to their maximum length.
import { createSession } from '../src/auth/sessions.js';
import { DEFAULT_LIMITS, type Limit, type LimitName } from '../src/rate-limits.js';
import { STRONG_PASSWORD, type Browser, type Harness } from './harness.js';
import { joinOrg, newOrg, type Account } from './org-admin.fixtures.js';
import type { JsonSchema } from './procedure-inputs.js';

/** Limits no sweep of every procedure can reach, so a refusal is never RATE_LIMITED by accident. */
export const UNLIMITED = Object.fromEntries(
  Object.keys(DEFAULT_LIMITS).map((name) => [name, { points: 1_000_000, durationSeconds: 60 }]),
) as Record<LimitName, Limit>;

export interface World {
  owner: Account;
  member: Account;
  /** Real ids (and the invitation token) by input field name; `keyId` depends on the procedure. */
  ids: Record<string, string>;
  keyIds: { own: string; member: string; serviceAccount: string };
}

/** What the ids point at is created through the procedures themselves where that is cheap. */
export async function buildWorld(h: Harness, owner?: Account): Promise<World> {
  owner ??= await newOrg(h, 'Input Org');
  const member = await joinOrg(h, owner.orgId, 'member');
  const call = <T>(fn: Parameters<Browser['call']>[0]) => owner.browser.call(fn) as Promise<T>;
  const team = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Core' }));
  await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: team.id, userId: member.userId }));
  const agent = await owner.browser.call((c) => c.orgAdmin.agents.create({ teamId: team.id, name: 'Builder' }));
  const role = await call<{ id: string }>((c) => c.orgAdmin.roles.create({ name: 'Lead', permissions: ['members:read'] }));
  const robot = await call<{ id: string }>((c) => c.orgAdmin.serviceAccounts.create({ name: 'robot', role: 'member' }));
  const robotKey = await owner.browser.call((c) =>
    c.orgAdmin.serviceAccounts.keys.create({ serviceAccountId: robot.id, name: 'ci', scopes: ['profile:read'], expiresInDays: 7 }),
  );
  const ownKey = await owner.browser.call((c) => c.me.apiKeys.create({ name: 'mine', scopes: ['profile:read'], expiresInDays: 7 }));
  const memberKey = await member.browser.call((c) => c.me.apiKeys.create({ name: 'theirs', scopes: ['profile:read'], expiresInDays: 7 }));
  const invitation = await owner.browser.call((c) =>
    c.orgAdmin.invitations.create({ email: `invitee-${team.id}@example.com`, role: 'member', teamIds: [team.id] }),
  );
  const scim = await call<{ token: { id: string } }>((c) => c.orgAdmin.scim.tokens.create({ name: 'idp' }));
  const other = await createSession(h.orm.em.fork(), h.config, { userId: owner.userId, ip: null, userAgent: 'vitest', sudoUntil: null });
  const notification = (await owner.browser.call((c) => c.me.notifications.list())).items[0];
  return {
    owner,
    member,
    ids: {
      teamId: team.id,
      userId: member.userId,
      agentId: agent.id,
      roleId: role.id,
      serviceAccountId: robot.id,
      invitationId: invitation.invitation.id,
      token: invitation.url.split('/invite/')[1]!,
      tokenId: scim.token.id,
      sessionId: other.id,
      actorId: owner.userId,
      ...(notification ? { notificationId: notification.id } : {}),
    },
    keyIds: { own: ownKey.key.id, member: memberKey.key.id, serviceAccount: robotKey.key.id },
  };
}

/** The id a field named `keyId` means in this procedure. */
export function keyIdFor(world: World, path: string): string {
  if (path.startsWith('orgAdmin.serviceAccounts.')) return world.keyIds.serviceAccount;
  if (path.startsWith('orgAdmin.')) return world.keyIds.member;
  return world.keyIds.own;
}

export type Alphabet = 'ascii' | 'two-byte' | 'four-byte';

/** `length` UTF-16 units (what zod's max counts) of one character, or as near as it fits. */
export function fill(length: number, alphabet: Alphabet): string {
  if (alphabet === 'ascii') return 'a'.repeat(length);
  if (alphabet === 'two-byte') return 'é'.repeat(length);
  return '😀'.repeat(Math.floor(length / 2)) + 'a'.repeat(length % 2);
}

let emails = 0;
/** A valid, unique address of exactly `length` characters. */
export function longEmail(length = 254): string {
  const local = `max${++emails}-${Date.now()}`.padEnd(64, 'x');
  const labels: string[] = [];
  // Labels of at most 63 characters, then `.com`.
  for (let rest = length - local.length - 1 - '.com'.length; rest > 0; ) {
    const n = rest <= 63 ? rest : Math.min(63, rest - 2);
    labels.push('d'.repeat(n));
    rest -= n + 1;
  }
  return `${local}@${labels.join('.')}.com`;
}

// Fields whose valid values have a shape the JSON Schema does not carry (a refinement or a format).
const SHAPED: Record<string, () => unknown> = {
  email: () => longEmail(),
  timezone: () => 'America/Argentina/ComodRivadavia',
  locale: () => 'de-Latn-CH-1996-u-co-phonebk-x-abcd',
  phone: () => `+${'1'.repeat(31)}`,
  since: () => new Date(Date.now() - 86_400_000).toISOString(),
  until: () => new Date().toISOString(),
  // Passwords at their maximum; a wrong one is a clean INVALID_CREDENTIALS.
  password: () => STRONG_PASSWORD.padEnd(256, '!'),
  newPassword: () => STRONG_PASSWORD.padEnd(256, '?'),
  currentPassword: () => STRONG_PASSWORD.padEnd(256, '!'),
};

export interface MaxInputOptions {
  alphabet: Alphabet;
  /** Real ids of the world, or (null) ids of the maximum length that point at nothing. */
  world: World | null;
  path: string;
}

/** The largest valid input a schema admits: every optional field present, every string full. */
export function maxInput(schema: JsonSchema, options: MaxInputOptions, field = ''): unknown {
  if (field in SHAPED && (schema.type === 'string' || schema.anyOf)) return SHAPED[field]!();
  if (schema.anyOf) {
    const option = schema.anyOf.find((o) => o.type !== 'null' && Object.keys(o).length > 0) ?? schema.anyOf[0]!;
    return maxInput(option, options, field);
  }
  if (schema.enum) return schema.enum[schema.enum.length - 1];
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, child]) => [key, maxInput(child, options, key)]),
      );
    case 'array':
      return arrayOf(schema, options, field);
    case 'integer':
    case 'number':
      return schema.maximum ?? schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return stringFor(schema, options, field);
    default:
      // A z.custom field (a role id): a real custom role, or a well-formed one that does not exist.
      return options.world ? options.world.ids.roleId : '00000000-0000-4000-8000-000000000000';
  }
}

function stringFor(schema: JsonSchema, options: MaxInputOptions, field: string): string {
  const { world } = options;
  if (world) {
    if (field === 'keyId') return keyIdFor(world, options.path);
    if (field === 'role' || field === 'roleId') return world.ids.roleId!;
    const real = world.ids[field] ?? (field === 'ids' ? world.ids.notificationId : undefined);
    if (real) return real;
  }
  const max = schema.maxLength ?? 64;
  return fill(max, /Id$|^ids$|^token$|^cursor$/.test(field) ? 'ascii' : options.alphabet);
}

function arrayOf(schema: JsonSchema, options: MaxInputOptions, field: string): unknown[] {
  const max = schema.maxItems ?? 1;
  const item = schema.items ?? {};
  // Arrays of choices: each choice once (the schemas refuse repeats or drop them).
  const choices = item.enum ?? item.properties?.category?.enum;
  if (choices) {
    return choices.slice(0, max).map((choice) =>
      item.enum ? choice : { ...(maxInput(item, options, field) as object), category: choice },
    );
  }
  // `teamIds` holds what a `teamId` names.
  const itemField = field === 'ids' ? 'ids' : field.replace(/s$/, '');
  if (options.world) return [maxInput(item, options, itemField)];
  return Array.from({ length: max }, () => maxInput(item, options, itemField));
}
