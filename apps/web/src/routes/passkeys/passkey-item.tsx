import { Button } from '@gatehouse/ui/button';
import { KeyRound } from 'lucide-react';
import type { DateFormat } from '../../lib/date-format';
import { timeAgo } from '../../lib/relative-time';

export type PasskeySummary = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

type PasskeyItemProps = {
  passkey: PasskeySummary;
  dates: DateFormat;
  locale: string;
  onRename: (passkey: PasskeySummary) => void;
  onRemove: (passkey: PasskeySummary) => void;
};

export function PasskeyItem({ passkey, dates, locale, onRename, onRemove }: PasskeyItemProps) {
  return (
    <li className="flex flex-wrap items-start gap-4 px-6 py-4">
      <KeyRound aria-hidden className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
      <div className="grid min-w-0 flex-1 basis-60 gap-1">
        <h3 className="truncate text-sm font-medium">{passkey.name}</h3>
        <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground">
          <span>Added {dates.date(passkey.createdAt)}</span>
          {passkey.lastUsedAt ? (
            <time dateTime={passkey.lastUsedAt} title={dates.dateTime(passkey.lastUsedAt)}>
              Last used {timeAgo(passkey.lastUsedAt, locale)}
            </time>
          ) : (
            <span>Never used</span>
          )}
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="outline" size="sm" aria-label={`Rename passkey ${passkey.name}`} onClick={() => onRename(passkey)}>
          Rename
        </Button>
        <Button variant="outline" size="sm" aria-label={`Remove passkey ${passkey.name}`} onClick={() => onRemove(passkey)}>
          Remove
        </Button>
      </div>
    </li>
  );
}
