import { printable, writeJson, writeTable } from '../output.js';
import type { CommandContext } from './context.js';

export const ROLES = ['member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export interface MembersListOptions {
  query?: string;
  role?: Role;
  team?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** A server that keeps handing back cursors is a bug; stop rather than loop forever. */
const MAX_PAGES = 10_000;

/** `orgAdmin.members.list`, one page or (with --all) every page, following nextCursor. */
export async function listMembers({ client, output, json }: CommandContext, options: MembersListOptions): Promise<void> {
  const filters = { query: options.query, role: options.role, teamId: options.team, limit: options.limit };
  const fetchPage = (cursor: string | undefined) => client.orgAdmin.members.list.query({ ...filters, cursor });

  let page = await fetchPage(options.cursor);
  const items = [...page.items];
  if (options.all) {
    const seen = new Set<string>();
    for (let pages = 1; page.nextCursor !== null; pages++) {
      if (seen.has(page.nextCursor) || pages >= MAX_PAGES) {
        throw new Error('The server repeated a page cursor: stopping instead of looping forever.');
      }
      seen.add(page.nextCursor);
      page = await fetchPage(page.nextCursor);
      items.push(...page.items);
    }
  }

  if (json) return writeJson(output, { items, nextCursor: page.nextCursor });
  if (items.length === 0) {
    output.out('No members match.\n');
  } else {
    writeTable(
      output,
      [
        { header: 'USER ID', value: (m) => m.userId },
        { header: 'NAME', value: (m) => m.displayName },
        { header: 'EMAIL', value: (m) => m.email },
        { header: 'ROLE', value: (m) => m.role },
        { header: 'TEAMS', value: (m) => m.teams.map((t) => t.name).join(', ') },
      ],
      items,
    );
  }
  // Hints go to stderr, so stdout stays a clean table for pipes.
  if (page.nextCursor !== null) {
    output.err(`More members: add --all, or --cursor ${printable(page.nextCursor)} for the next page.\n`);
  }
}
