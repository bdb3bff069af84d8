import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Label } from '@gatehouse/ui/label';
import { Spinner } from '@gatehouse/ui/spinner';
import { Switch } from '@gatehouse/ui/switch';
import { CheckCheck } from 'lucide-react';
import { useId, useMemo, useRef, useState } from 'react';
import { dateFormatFor } from '../../lib/date-format';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { LoadError } from '../../components/load-error';
import { InboxEmpty, InboxSkeleton } from './inbox-states';
import { NotificationItem } from './notification-item';
import { useMarkRead } from './use-mark-read';

const PAGE_SIZE = 20;

export function InboxCard() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const switchId = useId();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A marked item loses its button (or, under "unread only", its row): focus goes to the heading.
  const markRead = useMarkRead(() => headingRef.current?.focus());
  const inbox = trpc.me.notifications.list.useInfiniteQuery(
    { limit: PAGE_SIZE, unreadOnly },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const items = inbox.data?.pages.flatMap((page) => page.items);
  const unreadCount = inbox.data?.pages[0]?.unreadCount ?? 0;

  const renderList = () => {
    // A failed background refresh keeps showing the list we have; only a first load can fail outright.
    if (items?.length === 0) return <InboxEmpty unreadOnly={unreadOnly} />;
    if (items) {
      return (
        <>
          <ul aria-label="Notifications" className="divide-y border-t">
            {items.map((item) => (
              <NotificationItem
                key={item.id}
                item={item}
                dates={dates}
                locale={me.locale}
                marking={markRead.pendingId === item.id || markRead.pendingAll}
                onMarkRead={(it) => markRead.one(it.id)}
              />
            ))}
          </ul>
          {inbox.hasNextPage ? (
            <div className="flex justify-center border-t px-6 py-4">
              <Button
                variant="outline"
                onClick={() => void inbox.fetchNextPage()}
                disabled={inbox.isFetchingNextPage}
                aria-busy={inbox.isFetchingNextPage}
              >
                {inbox.isFetchingNextPage ? <Spinner /> : null}
                Load more
              </Button>
            </div>
          ) : null}
        </>
      );
    }
    if (inbox.isError) return <LoadError title="We couldn't load your notifications" error={inbox.error} onRetry={() => void inbox.refetch()} className="border-t px-6 py-5" />;
    return <InboxSkeleton />;
  };

  return (
    // overflow-hidden: an unread row's tint stays inside the card's rounded corners.
    <Card className="overflow-hidden">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-4 pb-5">
        <div className="grid gap-1">
          <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
            Inbox
          </CardTitle>
          <CardDescription aria-live="polite">
            {inbox.data ? (unreadCount === 0 ? 'No unread notifications' : `${unreadCount} unread`) : '\u00a0'}
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <div className="flex items-center gap-2">
            <Switch id={switchId} checked={unreadOnly} onCheckedChange={setUnreadOnly} />
            <Label htmlFor={switchId} className="font-normal">
              Show unread only
            </Label>
          </div>
          <Button
            variant="outline"
            size="sm"
            onClick={markRead.all}
            disabled={unreadCount === 0 || markRead.pendingAll}
            aria-busy={markRead.pendingAll}
          >
            {markRead.pendingAll ? <Spinner /> : <CheckCheck aria-hidden />}
            Mark all as read
          </Button>
        </div>
      </CardHeader>
      {renderList()}
    </Card>
  );
}
