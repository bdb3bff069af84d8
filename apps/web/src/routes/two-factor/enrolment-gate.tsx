import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { enrolmentRequired } from '../../lib/enrolment-required';
import { trpc } from '../../lib/trpc';
import { EnrolmentRequiredPage } from './enrolment-required-page';

/**
 * The signed-in app, or the enrolment screen when the organisation requires two-factor and this
 * account has none. Once shown, the screen stays until the user has saved their backup codes,
 * even if a refetch meanwhile learns that two-factor is on.
 */
export function EnrolmentGate({ children }: { children: ReactNode }) {
  const utils = trpc.useUtils();
  const refused = useSyncExternalStore(enrolmentRequired.subscribe, enrolmentRequired.get);
  const [enrolling, setEnrolling] = useState(false);
  if (refused && !enrolling) setEnrolling(true);

  if (!enrolling) return children;
  return (
    <EnrolmentRequiredPage
      onDone={() => {
        enrolmentRequired.clear();
        setEnrolling(false);
        // Everything refused so far is allowed now: load it afresh.
        void utils.invalidate();
      }}
    />
  );
}
