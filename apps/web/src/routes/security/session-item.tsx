import { Badge } from '@gatehouse/ui/badge';
import { Button } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';
import { Monitor, Smartphone } from 'lucide-react';
import type { DateFormat } from '../../lib/date-format';
import { timeAgo } from '../../lib/relative-time';
import type { RouterOutputs } from '../../lib/trpc';
import { deviceName } from './device-name';

export type SessionSummary = RouterOutputs['me']['sessions']['list'][number];

type SessionItemProps = {
  session: SessionSummary;
  dates: DateFormat;
  locale: string;
  revoking: boolean;
  onRevoke: (session: SessionSummary, device: string) => void;
};

const MOBILE = /\b(?:iPhone|iPad|Android|Mobile)\b/;

export function SessionItem({ session, dates, locale, revoking, onRevoke }: SessionItemProps) {
  const device = deviceName(session.userAgent);
  const Icon = session.userAgent && MOBILE.test(session.userAgent) ? Smartphone : Monitor;

  return (
    <li className="flex flex-wrap items-start gap-4 px-6 py-4">
      <Icon aria-hidden className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
      <div className="grid min-w-0 flex-1 basis-60 gap-1">
        <div className="flex flex-wrap items-center gap-2">
          {/* The raw user agent on hover: the friendly name drops details someone may need. */}
          <h3 className="truncate text-sm font-medium" title={session.userAgent ?? undefined}>
            {device}
          </h3>
          {session.current ? <Badge>This device</Badge> : null}
        </div>
        <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground">
          <span>{session.ip ?? 'Unknown IP address'}</span>
          <span>Signed in {dates.date(session.createdAt)}</span>
          <span title={dates.dateTime(session.lastSeenAt)}>
            Last active {session.current ? 'now' : timeAgo(session.lastSeenAt, locale)}
          </span>
        </p>
      </div>
      {session.current ? null : (
        <Button
          variant="outline"
          size="sm"
          aria-label={`Revoke session on ${device}`}
          onClick={() => onRevoke(session, device)}
          disabled={revoking}
          aria-busy={revoking}
        >
          {revoking ? <Spinner /> : null}
          Revoke
        </Button>
      )}
    </li>
  );
}
