import { CATEGORY_LABELS } from '@gatehouse/api/schemas';
import { Button } from '@gatehouse/ui/button';
import { cn } from '@gatehouse/ui/cn';
import { Check } from 'lucide-react';
import type { DateFormat } from '../../lib/date-format';
import { timeAgo } from '../../lib/relative-time';
import type { RouterOutputs } from '../../lib/trpc';

export type InboxItem = RouterOutputs['me']['notifications']['list']['items'][number];

type NotificationItemProps = {
  item: InboxItem;
  dates: DateFormat;
  locale: string;
  marking: boolean;
  onMarkRead: (item: InboxItem) => void;
};

export function NotificationItem({ item, dates, locale, marking, onMarkRead }: NotificationItemProps) {
  const unread = item.readAt === null;
  return (
    <li className={cn('flex flex-wrap items-start gap-x-3 gap-y-2 px-6 py-4', unread && 'bg-accent/60')}>
      <span
        aria-hidden
        className={cn('mt-1.5 size-2 shrink-0 rounded-full', unread ? 'bg-primary' : 'bg-transparent')}
      />
      <div className="grid min-w-0 flex-1 basis-60 gap-1">
        <h3 className={cn('text-sm', unread ? 'font-semibold' : 'font-medium')}>
          {/* The dot and the tint are visual only; screen readers hear the same fact in words. */}
          {unread ? <span className="sr-only">Unread: </span> : null}
          {item.title}
        </h3>
        <p className="text-sm text-pretty text-muted-foreground">{item.body}</p>
        <p className="text-xs text-muted-foreground">
          <time dateTime={item.createdAt} title={dates.dateTime(item.createdAt)}>
            {timeAgo(item.createdAt, locale)}
          </time>
          <span aria-hidden> · </span>
          <span className="sr-only">, </span>
          {CATEGORY_LABELS[item.category].title}
        </p>
      </div>
      {unread ? (
        <Button
          variant="ghost"
          size="sm"
          aria-label={`Mark as read: ${item.title}`}
          onClick={() => onMarkRead(item)}
          disabled={marking}
          aria-busy={marking}
        >
          <Check aria-hidden />
          Mark as read
        </Button>
      ) : null}
    </li>
  );
}
