import { Button } from '@gatehouse/ui/button';
import { Card, CardContent } from '@gatehouse/ui/card';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { useMemo } from 'react';
import { LoadError } from '../../components/load-error';
import { dateFormatFor } from '../../lib/date-format';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { deviceName } from '../security/device-name';

/** What each recorded event means, in the words of the person it happened to. */
const DESCRIPTIONS: Record<string, string> = {
  'user.signed_up': 'Created the account',
  'user.signed_in': 'Signed in',
  'user.sign_in_failed': 'Failed sign-in (wrong password)',
  'user.sign_in_refused': 'Sign-in refused (account suspended)',
  'user.signed_out': 'Signed out',
  'sudo.entered': 'Confirmed password for a sensitive action',
  'sudo.failed': 'Wrong password when confirming a sensitive action',
  'user.password_changed': 'Changed the password',
  'user.password_reset_requested': 'Asked for a password reset link',
  'user.password_reset': 'Reset the password by mailed link',
  'user.email_verified': 'Confirmed the email address',
  'user.email_change_requested': 'Asked to change the email address',
  'user.email_changed': 'Changed the email address',
  'user.email_change_cancelled': "Cancelled an email change (\u201cthis wasn't me\u201d)",
  'session.revoked': 'Signed out another session',
  'session.revoked_others': 'Signed out every other session',
  'api_key.created': 'Created an API key',
  'api_key.rotated': 'Rotated an API key',
  'api_key.rotation_completed': 'Finished an API key rotation',
  'api_key.deleted': 'Deleted an API key',
  'user.data_exported': 'Downloaded a data export',
};

const describe = (action: string) => DESCRIPTIONS[action] ?? action.replace(/[._]/g, ' ');

/** The signed-in user's own security events, newest first, as GitHub's security log shows them. */
export function SecurityLogPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const log = trpc.me.securityLog.useInfiniteQuery({ limit: 30 }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
  const items = log.data?.pages.flatMap((page) => page.items);

  const body = () => {
    if (log.isError) return <LoadError title="Couldn't load your security log" error={log.error} onRetry={() => void log.refetch()} />;
    if (!items) {
      return (
        <div role="status" aria-label="Loading your security log" aria-busy className="grid gap-3 p-6">
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-full" />
        </div>
      );
    }
    return (
      <Table aria-label="Security events">
        <TableHeader>
          <TableRow>
            <TableHead>Event</TableHead>
            <TableHead>When</TableHead>
            <TableHead>IP address</TableHead>
            <TableHead>Device</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.id}>
              <TableCell className="font-medium">
                <span className="block">{describe(item.action)}</span>
                {item.byYou ? null : <span className="block text-xs font-normal text-muted-foreground">Not done by you</span>}
              </TableCell>
              <TableCell>
                <time dateTime={item.createdAt}>{dates.dateTime(item.createdAt)}</time>
              </TableCell>
              <TableCell className="font-mono text-xs">{item.ip ?? 'Unknown'}</TableCell>
              <TableCell title={item.userAgent ?? undefined}>{deviceName(item.userAgent)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  };

  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Security log</h1>
        <p className="text-sm text-muted-foreground">
          Sign-ins, failed attempts, password, email and API key changes on your account, with where they came from. If
          you don't recognise something, change your password and sign out your other sessions.
        </p>
      </header>
      <Card>
        <CardContent className="overflow-x-auto p-0">{body()}</CardContent>
      </Card>
      {log.hasNextPage ? (
        <Button variant="outline" className="justify-self-center" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          Show older events
        </Button>
      ) : null}
    </div>
  );
}
