import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { useQueryClient } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { errorData } from '../../lib/api-error';
import { dateFormatFor } from '../../lib/date-format';
import { describeError } from '../../lib/describe-error';
import { forgetAccountData } from '../../lib/query-client';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { RevokeOthersDialog } from './revoke-others-dialog';
import { SessionItem, type SessionSummary } from './session-item';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadError } from '../../components/load-error';
import { NoOtherSessions, SessionsSkeleton } from './sessions-states';

export function SessionsCard() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const sessions = trpc.me.sessions.list.useQuery();
  const [confirmingOthers, setConfirmingOthers] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => headingRef.current?.focus();
  const revoke = useRevokeSession(focusHeading);
  // Revoking signs that browser out at once (this one too, if chosen): asked before, not after.
  const [confirming, setConfirming] = useState<{ session: SessionSummary; device: string } | null>(null);

  // This device first, then the others as the server orders them (most recently active first).
  const list = sessions.data ? [...sessions.data].sort((a, b) => Number(b.current) - Number(a.current)) : undefined;
  const otherCount = list?.filter((session) => !session.current).length ?? 0;

  const renderList = () => {
    // A failed background refresh keeps showing the list we have; only a first load can fail outright.
    if (list) {
      return (
        <>
          <ul aria-label="Your sessions" className="divide-y border-t">
            {list.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                dates={dates}
                locale={me.locale}
                revoking={revoke.pendingId === session.id}
                onRevoke={(session, device) => setConfirming({ session, device })}
              />
            ))}
          </ul>
          {otherCount === 0 ? <NoOtherSessions /> : null}
        </>
      );
    }
    if (sessions.isError) return <LoadError title="We couldn't load your sessions" error={sessions.error} onRetry={() => void sessions.refetch()} className="border-t px-6 py-5" />;
    return <SessionsSkeleton />;
  };

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4 pb-6">
        <div className="grid min-w-0 flex-1 basis-72 gap-1.5">
          <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
            Sessions
          </CardTitle>
          <CardDescription>
            Browsers signed in to your account. Revoke any you don't recognise, then change your password.
          </CardDescription>
        </div>
        {otherCount > 0 ? (
          <Button variant="outline" onClick={() => setConfirmingOthers(true)}>
            <LogOut aria-hidden />
            Sign out all other sessions
          </Button>
        ) : null}
      </CardHeader>
      {renderList()}
      <ConfirmDialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.session.current ? 'Sign out this browser?' : `Revoke the session on ${confirming?.device ?? ''}?`}
        description={
          confirming?.session.current
            ? 'This is the browser you are using: you will be signed out here.'
            : 'That browser is signed out at once and must sign in again to get back in.'
        }
        confirmLabel="Revoke session"
        onConfirm={async () => {
          if (confirming) await revoke.run(confirming.session, confirming.device);
        }}
        focusFallback={focusHeading}
      />
      <RevokeOthersDialog
        open={confirmingOthers}
        onClose={() => setConfirmingOthers(false)}
        otherCount={otherCount}
        focusFallback={focusHeading}
      />
    </Card>
  );
}

/** One session at a time, after the confirmation above. */
function useRevokeSession(focusAfter: () => void) {
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const revoke = trpc.me.sessions.revoke.useMutation();

  const start = async (session: SessionSummary, device: string) => {
    try {
      const { signedOut } = await revoke.mutateAsync({ sessionId: session.id });
      if (signedOut) {
        // That was this browser's own session: the same as signing out.
        forgetAccountData(queryClient);
        await navigate('/sign-in', { replace: true });
        return;
      }
      toast.success(`Session on ${device} revoked`);
    } catch (err) {
      // Already gone (expired, or revoked from another tab) is the outcome the user asked for.
      if (errorData(err)?.code !== 'NOT_FOUND') {
        toast.error(describeError(err));
        return;
      }
    }
    // The row and its button go; focus moves to the card rather than falling to the page's top.
    await utils.me.sessions.list.invalidate();
    focusAfter();
  };

  return {
    run: start,
    pendingId: revoke.isPending ? revoke.variables?.sessionId : undefined,
  };
}
