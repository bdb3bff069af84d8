// Fast org set-up for the org-admin tests: members, teams and agents inserted directly (one
// Argon2 hash per file at most), sessions minted the way sign-in mints them.
import { Agent, Membership, Team, TeamMember, User, newId, type Role } from '@gatehouse/db';
import { hashPassword } from '../src/auth/passwords.js';
import { createSession } from '../src/auth/sessions.js';
import type { Scope } from '../src/domain/permissions.js';
import { STRONG_PASSWORD, uniqueEmail, type Browser, type Harness } from './harness.js';

export interface Account {
  userId: string;
  email: string;
  orgId: string;
  browser: Browser;
}

let passwordHash: Promise<string> | undefined;

export async function orgOf(h: Harness, userId: string): Promise<string> {
  return (await h.orm.em.fork().findOneOrFail(Membership, { user: userId })).organization.id;
}

/** A new org and its owner, signed in (through auth.signUp, so the real path is covered). */
export async function newOrg(h: Harness, orgName = 'Org'): Promise<Account> {
  const { browser, userId, email } = await h.signUp({ orgName });
  return { browser, userId, email, orgId: await orgOf(h, userId) };
}

/** A member of `orgId` with `role`, signed in with an open sudo window. Password: STRONG_PASSWORD. */
export async function joinOrg(
  h: Harness,
  orgId: string,
  role: Role,
  fields: { displayName?: string; email?: string } = {},
): Promise<Account> {
  passwordHash ??= hashPassword(STRONG_PASSWORD);
  const em = h.orm.em.fork();
  const email = fields.email ?? uniqueEmail(role);
  const user = em.create(User, {
    email,
    displayName: fields.displayName ?? `A ${role}`,
    passwordHash: await passwordHash,
    // A member joins by invitation, which proves the address.
    emailVerifiedAt: new Date(),
    timezone: 'UTC',
    locale: 'en',
  });
  em.create(Membership, { user, organization: orgId, role });
  await em.flush();
  const browser = h.browser();
  const { token } = await createSession(em, h.config, {
    userId: user.id,
    ip: null,
    userAgent: 'vitest',
    sudoUntil: new Date(Date.now() + 600_000),
  });
  browser.cookie = token;
  return { userId: user.id, email, orgId, browser };
}

/** A key minted by its (owner) account through me.apiKeys.create; `role` then set directly. */
export async function keyOf(h: Harness, orgId: string, scopes: Scope[], role: Role = 'owner') {
  const account = await joinOrg(h, orgId, 'owner');
  const { secret, key } = await account.browser.call((c) =>
    c.me.apiKeys.create({ name: scopes.join(' ') || 'none', scopes, expiresInDays: 7 }),
  );
  if (role !== 'owner') await h.orm.em.fork().nativeUpdate(Membership, { user: account.userId }, { role });
  return { ...account, secret, keyId: key.id, scopes, client: h.keyClient(secret) };
}

export async function makeTeam(h: Harness, orgId: string, name = `Team ${newId()}`, userIds: string[] = []) {
  const em = h.orm.em.fork();
  const team = em.create(Team, { organization: orgId, name });
  for (const user of userIds) em.create(TeamMember, { team, user });
  await em.flush();
  return team.id;
}

export async function makeAgent(h: Harness, orgId: string, teamId: string, name = 'Agent') {
  const em = h.orm.em.fork();
  const agent = em.create(Agent, { organization: orgId, team: teamId, name });
  await em.flush();
  return agent.id;
}

/**
 * `count` members inserted in bulk (ids in UUIDv7 order, like real joins), named
 * `${prefix}${i}` (i zero-padded to 5 digits), emails the same lower-cased `@example.com` (or `domain`). Returns their user ids in join order.
 */
export async function seedMembers(
  h: Harness,
  orgId: string,
  count: number,
  options: { prefix?: string; domain?: string; role?: (i: number) => Role } = {},
): Promise<string[]> {
  const prefix = options.prefix ?? `seed-${newId().slice(-6)}-`;
  const em = h.orm.em.fork();
  const now = new Date();
  const ids: string[] = [];
  for (let start = 0; start < count; start += 200) {
    const users = [];
    const memberships = [];
    for (let i = start; i < Math.min(count, start + 200); i++) {
      const id = newId();
      ids.push(id);
      const name = `${prefix}${String(i).padStart(5, '0')}`;
      users.push({
        id,
        email: `${name.toLowerCase()}@${options.domain ?? 'example.com'}`,
        displayName: name,
        passwordHash: 'not-a-password-hash',
        timezone: 'UTC',
        locale: 'en',
        createdAt: now,
        updatedAt: now,
      });
      memberships.push({ id: newId(), user: id, organization: orgId, role: options.role?.(i) ?? 'member', createdAt: now });
    }
    await em.insertMany(User, users);
    await em.insertMany(Membership, memberships);
  }
  return ids;
}
