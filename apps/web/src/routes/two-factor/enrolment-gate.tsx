import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { enrolmentRequired } from '../../lib/enrolment-required';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { EnrolmentRequiredPage } from './enrolment-required-page';

/**
 * The signed-in app, or the enrolment screen when the organisation requires two-factor and this
 * account has none. me.get says so up front (mfaEnrollmentRequired), so a blocked member never
 * sees the shell or its refused calls; a policy switched on mid-session is caught by the next
 * refused call instead. Once shown, the screen stays until the user has saved their backup codes,
 * even if a refetch meanwhile learns that two-factor is on.
 */
export function EnrolmentGate({ children }: { children: ReactNode }) {
  const utils = trpc.useUtils();
  const me = useMe();
  const refused = useSyncExternalStore(enrolmentRequired.subscribe, enrolmentRequired.get);
  const [enrolling, setEnrolling] = useState(false);
  // Set while me.get is asked again after enrolment, so its stale `true` does not reopen the screen.
  const [finishing, setFinishing] = useState(false);
  const required = !finishing && (refused || me.mfaEnrollmentRequired);
  if (required && !enrolling) setEnrolling(true);

  if (!enrolling && !required) return children;
  return (
    <EnrolmentRequiredPage
      onDone={() => {
        enrolmentRequired.clear();
        setFinishing(true);
        setEnrolling(false);
        // Everything refused so far is allowed now: load it afresh, me.get first.
        void utils.me.get.invalidate().finally(() => {
          setFinishing(false);
          void utils.invalidate();
        });
      }}
    />
  );
}
