import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { useQueryClient } from '@tanstack/react-query';
import { UserX } from 'lucide-react';
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { Brand } from '../components/brand';
import { forgetAccountData } from '../lib/query-client';

/** What the delete-account dialog passes along, for the one sentence that depends on it. */
export type GoodbyeState = { organizationDeleted?: boolean };

/** Public: by the time anyone lands here their session no longer exists. */
export function GoodbyePage() {
  const location = useLocation();
  const queryClient = useQueryClient();
  const organizationDeleted = (location.state as GoodbyeState | null)?.organizationDeleted === true;

  useEffect(() => {
    // Cleared here, once the signed-in screens are gone, rather than in the dialog: a query still
    // mounted there would refetch into a 401 and race this page with a redirect to sign-in.
    forgetAccountData(queryClient);
  }, [queryClient]);

  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12">
      <Brand />
      <main className="w-full max-w-md">
        <EmptyState
          icon={<UserX />}
          title={<h1>Your account has been deleted.</h1>}
          description={
            <>
              Your sessions and API keys have stopped working and your personal data has been erased.
              {organizationDeleted ? ' Your organisation was deleted too, as you were its only member.' : null} Thank
              you for using Gatehouse.
            </>
          }
          action={
            <Button asChild variant="outline">
              <Link to="/sign-up">Create a new account</Link>
            </Button>
          }
          className="border-solid bg-card"
        />
      </main>
    </div>
  );
}
