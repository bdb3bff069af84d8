import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { returnPath, type ReturnState } from '../lib/redirect';
import { trpc } from '../lib/trpc';

/**
 * Sign-in and sign-up render at once; if the browser turns out to be signed in already, the
 * user goes on to the app instead of filling in a form they don't need. `auth.session` answers
 * a signed-out browser without a refusal, so a signed-out page load logs no error.
 */
export function GuestOnly({ children }: { children: ReactNode }) {
  const location = useLocation();
  const session = trpc.auth.session.useQuery(undefined, { retry: false, refetchOnWindowFocus: false });
  if (session.data?.state === 'active') return <Navigate to={returnPath(location.state)} replace />;
  const state = location.state as ReturnState | null;
  // A cookie the server no longer honours: say why the user is here (once; the server cleared it).
  if (session.data?.state === 'ended' && !state?.sessionEnded) {
    return <Navigate to={location} state={{ ...state, sessionEnded: true } satisfies ReturnState} replace />;
  }
  return children;
}
