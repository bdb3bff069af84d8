// Attack: grant oneself (or anyone) a permission one does not hold — by building a role with it,
// editing a role into it, assigning a role carrying it org-wide or within a team, giving it to a
// service account, or making an owner without being one.
import { Membership, OrgRole, TeamMember } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_PERMISSIONS, type OrgPermission } from '../src/domain/permissions.js';
import { createHarness, expectFailure, type Harness } from './harness.js';
import { joinOrg, makeTeam, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
let teamId: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Escalation');
  teamId = await makeTeam(h, owner.orgId, 'Core');
});
afterAll(() => h.close());

const db = () => h.orm.em.fork();
let n = 0;
const createRole = async (permissions: OrgPermission[]) =>
  (await owner.browser.call((c) => c.orgAdmin.roles.create({ name: `Role ${++n}`, permissions }))).id;

/** A member holding exactly `permissions` through a custom role, org-wide or within the team. */
async function holder(permissions: OrgPermission[], reach: 'org' | 'team'): Promise<Account> {
  const account = await joinOrg(h, owner.orgId, 'member');
  const roleId = await createRole(permissions);
  if (reach === 'org') await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: account.userId, role: roleId as Id }));
  else await owner.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId, userId: account.userId, roleId }));
  return account;
}

const refused = { code: 'FORBIDDEN', reason: 'INSUFFICIENT_ROLE' } as const;
type Id = `${string}-${string}-${string}-${string}-${string}`;

describe('no escalation, permission by permission', () => {
  it.each(ORG_PERMISSIONS.map((p) => [p]))('nobody lacking %s can create, edit, assign or hand on a role with it', async (lacking) => {
    const rest = ORG_PERMISSIONS.filter((p) => p !== lacking);
    const actor = await holder(rest, 'org');
    const withIt = await createRole([lacking]);
    const harmless = await createRole([]);
    const target = await joinOrg(h, owner.orgId, 'member');
    await h.orm.em.fork().insert(TeamMember, { id: crypto.randomUUID(), team: teamId, user: target.userId, createdAt: new Date() });
    const rolesBefore = await db().count(OrgRole, { organization: owner.orgId });
    const c = actor.browser;

    await expectFailure(c.call((x) => x.orgAdmin.roles.create({ name: `Sneaky ${lacking}`, permissions: [lacking] })), refused);
    await expectFailure(c.call((x) => x.orgAdmin.roles.update({ roleId: harmless, permissions: [lacking] })), refused);
    await expectFailure(c.call((x) => x.orgAdmin.members.setRole({ userId: target.userId, role: withIt as Id })), refused);
    await expectFailure(c.call((x) => x.orgAdmin.members.setRole({ userId: actor.userId, role: withIt as Id })), refused);
    await expectFailure(c.call((x) => x.orgAdmin.teams.setMemberRole({ teamId, userId: target.userId, roleId: withIt })), refused);
    await expectFailure(c.call((x) => x.orgAdmin.serviceAccounts.create({ name: 'bot', role: withIt as Id, teamIds: [] })), refused);
    // Nor touch a role that reaches beyond them.
    await expectFailure(c.call((x) => x.orgAdmin.roles.update({ roleId: withIt, name: 'Renamed' })), refused);
    await expectFailure(c.call((x) => x.orgAdmin.roles.delete({ roleId: withIt })), refused);

    // Nothing changed.
    expect(await db().count(OrgRole, { organization: owner.orgId })).toBe(rolesBefore);
    expect((await db().findOneOrFail(OrgRole, { id: harmless })).permissions).toEqual([]);
    expect((await db().findOneOrFail(OrgRole, { id: withIt })).name).not.toBe('Renamed');
    expect((await db().findOneOrFail(Membership, { user: target.userId })).roleId ?? null).toBeNull();
    expect((await db().findOneOrFail(Membership, { user: actor.userId })).roleId).not.toBe(withIt);
    expect((await db().findOneOrFail(TeamMember, { team: teamId, user: target.userId })).roleId ?? null).toBeNull();
    expect(await db().count(Membership, { organization: owner.orgId, kind: 'service_account' })).toBe(0);
  });

  it('a holder of everything still cannot make an owner or invite one: only owners make owners', async () => {
    const actor = await holder([...ORG_PERMISSIONS], 'org');
    const target = await joinOrg(h, owner.orgId, 'member');
    await expectFailure(actor.browser.call((c) => c.orgAdmin.members.setRole({ userId: target.userId, role: 'owner' })), refused);
    await expectFailure(actor.browser.call((c) => c.orgAdmin.members.setRole({ userId: owner.userId, role: 'member' })), refused);
    await expectFailure(
      actor.browser.call((c) => c.orgAdmin.invitations.create({ email: `o-${Date.now()}@example.com`, role: 'owner', teamIds: [] })),
      refused,
    );
    expect((await db().findOneOrFail(Membership, { user: target.userId })).role).toBe('member');
    // What they do hold, they may hand on.
    const admin = await actor.browser.call((c) => c.orgAdmin.members.setRole({ userId: target.userId, role: 'admin' }));
    expect(admin.role).toBe('admin');
  });

  it('within a team, a holder hands on only what they hold there, and only there', async () => {
    const actor = await holder(['roles:assign', 'teams:write', 'agents:write'], 'team');
    const target = await joinOrg(h, owner.orgId, 'member');
    const fits = await createRole(['agents:write']);
    const beyond = await createRole(['agents:write', 'member-keys:delete']);
    const other = await makeTeam(h, owner.orgId, `Other ${++n}`);
    await expectFailure(actor.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId, userId: target.userId, roleId: beyond })), refused);
    await expectFailure(actor.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId: other, userId: target.userId, roleId: fits })), refused);
    await expectFailure(actor.browser.call((c) => c.orgAdmin.members.setRole({ userId: target.userId, role: fits as Id })), refused);
    expect(await db().count(TeamMember, { user: target.userId })).toBe(0);
    const placed = await actor.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId, userId: target.userId, roleId: fits }));
    expect(placed.role?.id).toBe(fits);
  });
});
