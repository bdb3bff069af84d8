// Attack (on our own screens): the web app's admin pages drift from the procedures they call, so
// a custom role sees a page whose every query the server refuses, or a page it could use stays
// hidden. The web's page → permission table is checked here against the procedures' own meta.
import { appRouter, reference, type OrgPermission } from '@gatehouse/api';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_PAGES,
  canOpenAdminPage,
  firstAdminPage,
  type AdminPage,
  type HeldPermissions,
} from '../../web/src/lib/admin-pages.js';

const procedures = new Map(reference.listProcedures(appRouter).map((p) => [p.path, p]));
const pages = Object.keys(ADMIN_PAGES) as AdminPage[];

const orgWide = (...org: OrgPermission[]): HeldPermissions => ({ org, teams: [] });
const inOneTeam = (...permissions: OrgPermission[]): HeldPermissions => ({ org: [], teams: [{ permissions }] });
const openable = (held: HeldPermissions) => pages.filter((page) => canOpenAdminPage(held, page));

describe('admin pages → permissions (apps/web/src/lib/admin-pages.ts)', () => {
  it.each(pages)('%s asks for what its main procedure requires (org-wide where the page needs it so)', (page) => {
    const { procedure, permission, reach } = ADMIN_PAGES[page];
    const meta = procedures.get(procedure)?.meta;
    expect(meta, `${procedure} exists`).toBeDefined();
    expect(meta?.permission).toBe(permission);
    // A page may ask more than the procedure (org-wide for a team-reach list it calls unfiltered), never less.
    if ((meta?.reach ?? 'org') === 'org') expect(reach).toBe('org');
  });

  it('audit:read alone opens the audit log and nothing else, and /admin leads there', () => {
    expect(openable(orgWide('audit:read'))).toEqual(['audit']);
    expect(firstAdminPage(orgWide('audit:read'))).toBe('audit');
  });

  it('a team-scoped permission opens the team-reach pages only (the server narrows them to the team)', () => {
    expect(openable(inOneTeam('teams:read'))).toEqual(['teams', 'team']);
    // The whole member list needs members:read org-wide; one member's page and the roles don't.
    expect(openable(inOneTeam('members:read'))).toEqual(['member', 'roles']);
    expect(firstAdminPage(inOneTeam('teams:read'))).toBe('teams');
  });

  it('members:read org-wide opens every page but the audit log and teams', () => {
    expect(openable(orgWide('members:read'))).toEqual(pages.filter((p) => !['audit', 'teams', 'team'].includes(p)));
  });

  it('built-in admins and owners open every page, landing on members as before', () => {
    const admin = orgWide('members:read', 'teams:read', 'member-keys:read', 'audit:read');
    expect(openable(admin)).toEqual(pages);
    expect(firstAdminPage(admin)).toBe('members');
  });

  it('a role whose org:read comes from member-keys:read alone has no page to land on', () => {
    expect(openable(orgWide('member-keys:read'))).toEqual([]);
    expect(firstAdminPage(orgWide('member-keys:read'))).toBeUndefined();
  });
});
