import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LoadError } from '../components/load-error';
import { isSignedOutError } from '../lib/api-error';
import { forgetAccountData } from '../lib/query-client';
import type { ReturnState } from '../lib/redirect';
import { trpc } from '../lib/trpc';
import { AppShell } from './app-shell';
import { MeContext } from './me-context';
import { ShellSkeleton } from './shell-skeleton';

/** The signed-in area: loads the user once, then renders the shell around the current route. */
export function RequireSession() {
  const me = trpc.me.get.useQuery();

  if (me.isError && isSignedOutError(me.error)) return <ToSignIn />;
  // A failed background refresh keeps showing what we have; only a first load can fail outright.
  if (me.data) {
    return (
      <MeContext.Provider value={me.data}>
        <AppShell>
          <Outlet />
        </AppShell>
      </MeContext.Provider>
    );
  }
  if (me.isError) {
    return (
      <main className="mx-auto grid max-w-md gap-4 px-4 py-24">
        <LoadError title="We couldn't load your account" error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  return <ShellSkeleton />;
}

function ToSignIn() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  useEffect(() => {
    // The session is gone; whatever the cache holds belonged to it.
    forgetAccountData(queryClient);
    const state: ReturnState = { from: location.pathname + location.search };
    void navigate('/sign-in', { replace: true, state });
  }, [navigate, location, queryClient]);

  return <ShellSkeleton />;
}
