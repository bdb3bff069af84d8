import { useMemo } from 'react';
import { trpc } from '../lib/trpc';
import type { NavCounter, NavFeature } from './navigation';

/** New notifications arrive from other devices and background jobs; a minute late is fine for a badge. */
const UNREAD_POLL_MS = 60_000;

/** Optional screens the server currently offers. The mailbox exists only when mail isn't sent (no SMTP_URL). */
export function useNavFeatures(): ReadonlySet<NavFeature> {
  // Same query as the mailbox page, so opening it reuses what the sidebar fetched.
  const enabled = trpc.me.outbox.useQuery().data?.enabled === true;
  return useMemo(() => new Set<NavFeature>(enabled ? ['devMailbox'] : []), [enabled]);
}

export type NavCount = {
  count: number;
  /** "3 unread": what screen readers hear after the label, in place of the bare number. */
  description: string;
};

export function useNavCounts(): Partial<Record<NavCounter, NavCount>> {
  // One row is enough: the badge needs only the count that comes with every page of the inbox.
  const unread = trpc.me.notifications.list.useQuery({ limit: 1 }, { refetchInterval: UNREAD_POLL_MS }).data
    ?.unreadCount;
  return unread ? { unreadNotifications: { count: unread, description: `${unread} unread` } } : {};
}
