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
import type { Me } from '../lib/trpc';

export type NavItem = {
  to: string;
  label: string;
  icon: LucideIcon;
  /** A permission from `me.permissions` (e.g. 'org:read'); without it the item is hidden. */
  requires?: string;
  /** Shown only while the server offers it (e.g. the development mailbox); see nav-status.ts. */
  feature?: NavFeature;
  /** A live count beside the label (e.g. unread notifications); see nav-status.ts. */
  counter?: NavCounter;
};

export type NavFeature = 'devMailbox';
export type NavCounter = 'unreadNotifications';

export type NavSection = { label: string; items: NavItem[] };

/**
 * The sidebar, as data: a new screen is one entry here plus its route. An "Admin" section
 * gates its items with `requires: 'org:read'`, so members never see links they can't use
 * (the server enforces the same rule regardless).
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
      { to: '/admin/members', label: 'Members', icon: Users, requires: 'org:read' },
      { to: '/admin/teams', label: 'Teams', icon: UsersRound, requires: 'org:read' },
      { to: '/admin/invitations', label: 'Invitations', icon: MailPlus, requires: 'org:read' },
      { to: '/admin/roles', label: 'Roles', icon: ShieldCheck, requires: 'org:read' },
      { to: '/admin/provisioning', label: 'Provisioning', icon: RefreshCcw, requires: 'org:read' },
      { to: '/admin/audit', label: 'Audit log', icon: ScrollText, requires: 'org:read' },
      { to: '/admin/settings', label: 'Settings', icon: Settings, requires: 'org:read' },
    ],
  },
];

export function visibleNavSections(
  me: Pick<Me, 'permissions'>,
  features: ReadonlySet<NavFeature> = new Set(),
): NavSection[] {
  return navSections
    .map((section) => ({
      ...section,
      items: section.items.filter(
        (item) =>
          (!item.requires || me.permissions.includes(item.requires)) && (!item.feature || features.has(item.feature)),
      ),
    }))
    .filter((section) => section.items.length > 0);
}
