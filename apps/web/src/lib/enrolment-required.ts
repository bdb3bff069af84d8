import { errorReason } from './api-error';

/**
 * Set when the server refuses a call because the organisation requires two-factor and this
 * account has none (MFA_ENROLLMENT_REQUIRED): the shell then shows the enrolment screen in place
 * of pages that would only fail. A policy switched on mid-session is caught by the next call.
 */
let refused = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

export const enrolmentRequired = {
  get: (): boolean => refused,
  subscribe: (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Called by the query client for every failed call. */
  note: (err: unknown): void => {
    if (errorReason(err) !== 'MFA_ENROLLMENT_REQUIRED' || refused) return;
    refused = true;
    notify();
  },
  clear: (): void => {
    if (!refused) return;
    refused = false;
    notify();
  },
};
