import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LoadError } from '../components/load-error';
import { isSignedOutError } from '../lib/api-error';
import { forgetAccountData } from '../lib/query-client';
import type { ReturnState } from '../lib/redirect';
import { trpc } from '../lib/trpc';
import { EnrolmentGate } from '../routes/two-factor/enrolment-gate';
import { AppShell } from './app-shell';
import { MeContext } from './me-context';
import { ShellSkeleton } from './shell-skeleton';

/**
 * The signed-in area: asks whether there is a session at all (an answer, not a 401, when there
 * is none), then loads the user once and renders the shell around the current route.
 */
export function RequireSession() {
  const session = trpc.auth.session.useQuery(undefined, { retry: false, refetchOnWindowFocus: false });
  const signedIn = session.data?.state === 'active';
  const me = trpc.me.get.useQuery(undefined, { enabled: signedIn });

  if (session.data && !signedIn) return <ToSignIn ended={session.data.state === 'ended'} />;
  // The session was there a moment ago, so a refusal now means it ended elsewhere.
  if (me.isError && isSignedOutError(me.error)) return <ToSignIn ended />;
  // A failed background refresh keeps showing what we have; only a first load can fail outright.
  if (me.data) {
    return (
      <MeContext.Provider value={me.data}>
        <EnrolmentGate>
          <AppShell>
            <Outlet />
          </AppShell>
        </EnrolmentGate>
      </MeContext.Provider>
    );
  }
  const error = session.error ?? me.error;
  if (error) {
    const retry = () => void (session.isError ? session.refetch() : me.refetch());
    return (
      <main className="mx-auto grid max-w-md gap-4 px-4 py-24">
        <LoadError title="We couldn't load your account" error={error} onRetry={retry} />
      </main>
    );
  }
  return <ShellSkeleton />;
}

function ToSignIn({ ended }: { ended: boolean }) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  useEffect(() => {
    // The session is gone; whatever the cache holds belonged to it.
    forgetAccountData(queryClient);
    const state: ReturnState = { from: location.pathname + location.search, ...(ended ? { sessionEnded: true } : {}) };
    void navigate('/sign-in', { replace: true, state });
  }, [navigate, location, queryClient, ended]);

  return <ShellSkeleton />;
}
