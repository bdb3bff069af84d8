// Attack (on integrity): make a member list skip or repeat people while the org changes, or
// leak other organisations' members through search and filters.
import { Membership } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListMembersInput } from '../src/schemas/org-admin.js';
import { createHarness, expectFailure, type Browser, type Harness } from './harness.js';
import { joinOrg, makeTeam, newOrg, seedMembers, type Account } from './org-admin.fixtures.js';

let h: Harness;
let owner: Account;
let seeded: string[];
let teamId: string;
const inTeam = (i: number) => i % 7 === 0;
const roleOf = (i: number) => (i % 10 === 0 ? 'admin' : 'member');

beforeAll(async () => {
  h = await createHarness();
  owner = await newOrg(h, 'Big Org');
  seeded = await seedMembers(h, owner.orgId, 1000, { prefix: 'Walker-', role: roleOf });
  teamId = await makeTeam(h, owner.orgId, 'Sevens', seeded.filter((_, i) => inTeam(i)));
  // Another organisation with look-alike names: never to appear in this org's lists.
  const other = await newOrg(h, 'Other Org');
  await seedMembers(h, other.orgId, 50, { prefix: 'Walker-', domain: 'other.example' });
});
afterAll(() => h.close());

async function walk(browser: Browser, filters: Omit<NonNullable<ListMembersInput>, 'cursor'>, onPage?: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await browser.call((c) => c.orgAdmin.members.list({ ...filters, cursor }));
    expect(page.items.length).toBeLessThanOrEqual(filters.limit ?? 50);
    seen.push(...page.items.map((m) => m.userId));
    cursor = page.nextCursor ?? undefined;
    pages++;
    await onPage?.();
  } while (cursor);
  return { seen, pages };
}

describe('orgAdmin.members.list pagination', () => {
  it('walks a 1,000-member org returning each member exactly once, in join order', async () => {
    const { seen, pages } = await walk(owner.browser, { limit: 100 });
    expect(seen).toEqual([owner.userId, ...seeded]);
    expect(pages).toBe(11);
    const odd = await walk(owner.browser, { limit: 37 });
    expect(odd.seen).toEqual(seen);
  });

  it('defaults to 50 per page and refuses more than 100', async () => {
    const first = await owner.browser.call((c) => c.orgAdmin.members.list());
    expect(first.items).toHaveLength(50);
    // The cursor is the last membership id served: opaque to clients, stable under inserts.
    const fiftieth = await h.orm.em.fork().findOneOrFail(Membership, { user: first.items[49]!.userId });
    expect(first.nextCursor).toBe(fiftieth.id);
    await expectFailure(owner.browser.call((c) => c.orgAdmin.members.list({ limit: 101 })), {
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
  });

  it('returns full rows with teams, loaded for the whole page at once', async () => {
    const { items } = await owner.browser.call((c) => c.orgAdmin.members.list({ limit: 8 }));
    expect(items[1]).toMatchObject({
      userId: seeded[0],
      email: 'walker-00000@example.com',
      displayName: 'Walker-00000',
      jobTitle: null,
      department: null,
      role: 'admin',
      teams: [{ id: teamId, name: 'Sevens' }],
    });
    expect(new Date(items[1]!.joinedAt).getTime()).toBeGreaterThan(0);
    expect(items[2]!.teams).toEqual([]);
  });

  it('combines search, team and role filters with pagination', async () => {
    // Prefix of the display name, in any letter case: Walker-0012x → 10 members.
    const byName = await walk(owner.browser, { query: 'wALKer-0012', limit: 3 });
    expect(byName.seen).toEqual(seeded.slice(120, 130));
    expect(byName.pages).toBe(4);
    const byEmail = await walk(owner.browser, { query: 'walker-0099', limit: 4 });
    expect(byEmail.seen).toEqual(seeded.slice(990, 1000));

    const team = await walk(owner.browser, { teamId, limit: 25 });
    expect(team.seen).toEqual(seeded.filter((_, i) => inTeam(i)));
    const admins = await walk(owner.browser, { role: 'admin', limit: 30 });
    expect(admins.seen).toEqual(seeded.filter((_, i) => roleOf(i) === 'admin'));
    const owners = await walk(owner.browser, { role: 'owner' });
    expect(owners.seen).toEqual([owner.userId]);

    const all = await walk(owner.browser, { teamId, role: 'admin', query: 'walker-000', limit: 2 });
    expect(all.seen).toEqual(seeded.filter((_, i) => i < 100 && inTeam(i) && roleOf(i) === 'admin'));
  });

  it('treats LIKE wildcards, quotes and placeholders in the search as plain text', async () => {
    for (const query of ['%', 'Walker_', "walker-0001'", 'walker-?', '!', '\\']) {
      expect((await owner.browser.call((c) => c.orgAdmin.members.list({ query }))).items).toEqual([]);
    }
  });

  it('gives the same answer when a search matches too many users to look up one by one', async () => {
    // 2,500 look-alikes elsewhere push "walker" past the per-user lookup: the org is walked instead.
    const crowd = await newOrg(h, 'Crowd');
    await seedMembers(h, crowd.orgId, 2500, { prefix: 'Walker-', domain: 'crowd.example' });
    const broad = await walk(owner.browser, { query: 'WALKER', limit: 100 });
    expect(broad.seen).toEqual(seeded);
    const mixed = await walk(owner.browser, { query: 'walker', teamId, limit: 40 });
    expect(mixed.seen).toEqual(seeded.filter((_, i) => inTeam(i)));
    const narrow = await walk(owner.browser, { query: 'walker-0012', limit: 3 });
    expect(narrow.seen).toEqual(seeded.slice(120, 130));
  });

  it('has no duplicates or gaps while members join during the walk', async () => {
    const before = (await walk(owner.browser, { limit: 100 })).seen;
    const joined: string[] = [];
    const { seen } = await walk(owner.browser, { limit: 60 }, async () => {
      joined.push((await joinOrg(h, owner.orgId, 'member')).userId);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, before.length)).toEqual(before);
    // Everyone who joined before the last page was read follows, in join order; only the one
    // who joined after it is (rightly) missing.
    expect(seen.slice(before.length)).toEqual(joined.slice(0, -1));
  });
});
