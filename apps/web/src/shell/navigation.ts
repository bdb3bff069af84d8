import {
  Bell,
  Bot,
  History,
  Inbox,
  KeyRound,
  LockKeyhole,
  MailPlus,
  RefreshCcw,
  ShieldCheck,
  ScrollText,
  Settings,
  ShieldUser,
  UserRound,
  Users,
  UsersRound,
  type LucideIcon,
} from 'lucide-react';
import { ADMIN_PAGES, canOpenAdminPage, type AdminPage, type HeldPermissions } from '../lib/admin-pages';
import type { Me } from '../lib/trpc';

export type NavItem = {
  to: string;
  label: string;
  icon: LucideIcon;
  /** A permission from `me.permissions` (e.g. 'org:read'); without it the item is hidden. */
  requires?: string;
  /**
   * An admin page (lib/admin-pages.ts): shown only once `me.access` says its main query will
   * answer. The coarse org:read can't tell, as a role with only audit:read has it too.
   */
  adminPage?: AdminPage;
  /** Shown only while the server offers it (e.g. the development mailbox); see nav-status.ts. */
  feature?: NavFeature;
  /** A live count beside the label (e.g. unread notifications); see nav-status.ts. */
  counter?: NavCounter;
};

export type NavFeature = 'devMailbox';
export type NavCounter = 'unreadNotifications';

export type NavSection = { label: string; items: NavItem[] };

/**
 * The sidebar, as data: a new screen is one entry here plus its route. Each "Admin" item names
 * its page, gated by the permission that page needs, so nobody sees links they can't use (the
 * server enforces the same rule regardless).
 */
export const navSections: NavSection[] = [
  {
    label: 'Account',
    items: [
      { to: '/profile', label: 'Profile', icon: UserRound },
      { to: '/security', label: 'Security', icon: LockKeyhole },
      { to: '/security-log', label: 'Security log', icon: History },
      { to: '/notifications', label: 'Notifications', icon: Bell, counter: 'unreadNotifications' },
      { to: '/api-keys', label: 'API keys', icon: KeyRound },
      { to: '/privacy', label: 'Data & privacy', icon: ShieldUser },
      { to: '/agents', label: 'Agents', icon: Bot, requires: 'agents:read' },
      { to: '/mailbox', label: 'Dev mailbox', icon: Inbox, feature: 'devMailbox' },
    ],
  },
  {
    label: 'Admin',
    items: [
      { to: ADMIN_PAGES.members.path, label: 'Members', icon: Users, adminPage: 'members' },
      { to: ADMIN_PAGES.teams.path, label: 'Teams', icon: UsersRound, adminPage: 'teams' },
      { to: ADMIN_PAGES.invitations.path, label: 'Invitations', icon: MailPlus, adminPage: 'invitations' },
      { to: ADMIN_PAGES.roles.path, label: 'Roles', icon: ShieldCheck, adminPage: 'roles' },
      { to: ADMIN_PAGES.provisioning.path, label: 'Provisioning', icon: RefreshCcw, adminPage: 'provisioning' },
      { to: ADMIN_PAGES.audit.path, label: 'Audit log', icon: ScrollText, adminPage: 'audit' },
      { to: ADMIN_PAGES.settings.path, label: 'Settings', icon: Settings, adminPage: 'settings' },
    ],
  },
];

/** `held` is `me.access` once loaded: until then admin items stay hidden rather than flash in and out. */
export function visibleNavSections(
  me: Pick<Me, 'permissions'>,
  features: ReadonlySet<NavFeature> = new Set(),
  held?: HeldPermissions,
): NavSection[] {
  return navSections
    .map((section) => ({
      ...section,
      items: section.items.filter(
        (item) =>
          (!item.requires || me.permissions.includes(item.requires)) &&
          (!item.feature || features.has(item.feature)) &&
          (!item.adminPage || (held !== undefined && canOpenAdminPage(held, item.adminPage))),
      ),
    }))
    .filter((section) => section.items.length > 0);
}
