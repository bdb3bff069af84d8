import type { DateFormat } from '../../lib/date-format';
import type { RouterOutputs } from '../../lib/trpc';

export type OutboxMail = RouterOutputs['me']['outbox']['items'][number];

export function MailItem({ mail, dates }: { mail: OutboxMail; dates: DateFormat }) {
  return (
    <li className="grid gap-2 px-6 py-5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 className="font-medium">{mail.subject}</h2>
        <time dateTime={mail.createdAt} className="text-xs text-muted-foreground">
          {dates.dateTime(mail.createdAt)}
        </time>
      </div>
      {/* Plain-text mail keeps its line breaks; long links wrap instead of widening the page. */}
      <pre className="rounded-md bg-muted px-4 py-3 font-sans text-sm break-words whitespace-pre-wrap">{mail.text}</pre>
    </li>
  );
}
