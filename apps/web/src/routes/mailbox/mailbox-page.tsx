import { Badge } from '@gatehouse/ui/badge';
import { Card } from '@gatehouse/ui/card';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { Mail, MailCheck } from 'lucide-react';
import { useMemo } from 'react';
import { LoadError } from '../../components/load-error';
import { dateFormatFor } from '../../lib/date-format';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { MailItem } from './mail-item';

/** Development only: the mail Gatehouse would have sent to you, kept because the server has no SMTP_URL. */
export function MailboxPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const outbox = trpc.me.outbox.useQuery();

  const renderMail = () => {
    if (outbox.data && !outbox.data.enabled) {
      return (
        <EmptyState
          icon={<MailCheck />}
          title={<h2>Mail is delivered for real</h2>}
          description="This server sends mail through SMTP, so there's no development mailbox to show."
        />
      );
    }
    if (outbox.data?.items.length === 0) {
      return (
        <EmptyState
          icon={<Mail />}
          title={<h2>No mail yet</h2>}
          description={`Mail to ${me.email}, such as security alerts, will appear here.`}
        />
      );
    }
    if (outbox.data) {
      return (
        <Card>
          <ul aria-label="Mail" className="divide-y">
            {outbox.data.items.map((mail) => (
              <MailItem key={mail.id} mail={mail} dates={dates} />
            ))}
          </ul>
        </Card>
      );
    }
    if (outbox.isError) {
      return <LoadError title="We couldn't load the mailbox" error={outbox.error} onRetry={() => void outbox.refetch()} />;
    }
    return (
      <div role="status" aria-label="Loading mail" aria-busy>
        <Skeleton className="h-64 w-full rounded-xl" />
      </div>
    );
  };

  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <div className="flex items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Mailbox</h1>
          <Badge variant="warning">Development</Badge>
        </div>
        <p className="max-w-2xl text-sm text-muted-foreground">
          This server has no mail server configured (<code className="font-mono text-xs">SMTP_URL</code>), so mail
          addressed to you is kept here instead of being sent. The 50 most recent messages are shown.
        </p>
      </header>
      {renderMail()}
    </div>
  );
}
