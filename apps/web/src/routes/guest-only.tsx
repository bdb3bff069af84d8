import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { returnPath } from '../lib/redirect';
import { trpc } from '../lib/trpc';

/**
 * Sign-in and sign-up render at once; if the browser turns out to be signed in already, the
 * user goes on to the app instead of filling in a form they don't need.
 */
export function GuestOnly({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = trpc.me.get.useQuery(undefined, { retry: false, refetchOnWindowFocus: false });
  if (me.isSuccess) return <Navigate to={returnPath(location.state)} replace />;
  return children;
}
