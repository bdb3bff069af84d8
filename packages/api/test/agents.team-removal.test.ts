// Attack: keep using a team's agents after being removed from the team (through a session or a
// key minted while still a member), or see agents of teams one never belonged to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectFailure, rejection, type Browser, type Harness } from './harness.js';
import { joinOrg, keyOf, makeAgent, makeTeam, newOrg, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Agents Org');
});
afterAll(() => h.close());

const names = async (client: Browser) => (await client.call((c) => c.agents.list())).map((a) => a.name);

describe('agents: team-scoped visibility', () => {
  it('removal from a team hides its agents on the very next request, for sessions and keys', async () => {
    const member = await keyOf(h, owner.orgId, ['agents:read'], 'member');
    const { id: teamId } = await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Research' }));
    const agent = await owner.browser.call((c) => c.orgAdmin.agents.create({ teamId, name: 'Analyst' }));
    await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId, userId: member.userId }));

    for (const client of [member.browser, member.client]) {
      expect(await client.call((c) => c.agents.get({ agentId: agent.id }))).toEqual(agent);
      expect(await names(client)).toEqual(['Analyst']);
    }

    await owner.browser.call((c) => c.orgAdmin.teams.removeMember({ teamId, userId: member.userId }));

    for (const client of [member.browser, member.client]) {
      const hidden = await rejection(client.call((c) => c.agents.get({ agentId: agent.id })));
      const missing = await rejection(client.call((c) => c.agents.get({ agentId: '01900000-0000-7000-8000-000000000000' })));
      expect({ code: hidden.code, message: hidden.message, reason: hidden.data.reason }).toEqual({
        code: 'NOT_FOUND',
        message: missing.message,
        reason: null,
      });
      expect(await names(client)).toEqual([]);
    }
  });

  it('deleting the team hides its agents too', async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    const teamId = await makeTeam(h, owner.orgId, 'Short-lived', [member.userId]);
    const agentId = await makeAgent(h, owner.orgId, teamId, 'Ephemeral');
    expect(await names(member.browser)).toEqual(['Ephemeral']);
    await owner.browser.call((c) => c.orgAdmin.teams.delete({ teamId }));
    await expectFailure(member.browser.call((c) => c.agents.get({ agentId })), { code: 'NOT_FOUND', reason: null });
    expect(await names(member.browser)).toEqual([]);
  });

  it('members and admins see exactly their teams’ agents; owners see all of the org’s', async () => {
    const org = await newOrg(h, 'Visibility');
    const admin = await joinOrg(h, org.orgId, 'admin');
    const member = await joinOrg(h, org.orgId, 'member');
    const red = await makeTeam(h, org.orgId, 'Red', [member.userId]);
    const blue = await makeTeam(h, org.orgId, 'Blue', [admin.userId, member.userId]);
    const green = await makeTeam(h, org.orgId, 'Green');
    await makeAgent(h, org.orgId, red, 'R1');
    await makeAgent(h, org.orgId, blue, 'B1');
    await makeAgent(h, org.orgId, blue, 'B2');
    const greenAgent = await makeAgent(h, org.orgId, green, 'G1');
    // Another organisation's agents never show up, whatever the role.
    const other = await newOrg(h, 'Other');
    await makeAgent(h, other.orgId, await makeTeam(h, other.orgId, 'Red', [other.userId]), 'Foreign');

    expect(await names(member.browser)).toEqual(['B1', 'B2', 'R1']);
    expect(await names(admin.browser)).toEqual(['B1', 'B2']);
    expect(await names(org.browser)).toEqual(['B1', 'B2', 'G1', 'R1']);
    await expectFailure(admin.browser.call((c) => c.agents.get({ agentId: greenAgent })), { code: 'NOT_FOUND', reason: null });
    expect((await org.browser.call((c) => c.agents.get({ agentId: greenAgent }))).team).toEqual({ id: green, name: 'Green' });
  });

  it('a member with no team sees no agents, and keys need agents:read', async () => {
    const loner = await keyOf(h, owner.orgId, ['profile:read'], 'member');
    expect(await names(loner.browser)).toEqual([]);
    await expectFailure(loner.client.call((c) => c.agents.list()), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
  });
});
