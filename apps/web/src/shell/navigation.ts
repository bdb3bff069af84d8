import { KeyRound, UserRound, type LucideIcon } from 'lucide-react';
import type { Me } from '../lib/trpc';

export type NavItem = {
  to: string;
  label: string;
  icon: LucideIcon;
  /** A permission from `me.permissions` (e.g. 'org:read'); without it the item is hidden. */
  requires?: string;
};

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
      { to: '/api-keys', label: 'API keys', icon: KeyRound },
    ],
  },
];

export function visibleNavSections(me: Pick<Me, 'permissions'>): NavSection[] {
  return navSections
    .map((section) => ({
      ...section,
      items: section.items.filter((item) => !item.requires || me.permissions.includes(item.requires)),
    }))
    .filter((section) => section.items.length > 0);
}
