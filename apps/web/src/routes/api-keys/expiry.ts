import type { ApiKey } from '../../lib/trpc';

const DAY_MS = 86_400_000;
/** A key this close to its end gets a visible warning, time enough to rotate in a new one. */
const WARN_WITHIN_DAYS = 7;

export type Expiry = { kind: 'expired' } | { kind: 'soon'; label: string } | { kind: 'later' };

export function expiryOf(key: Pick<ApiKey, 'expiresAt' | 'expired'>, now: number): Expiry {
  const left = new Date(key.expiresAt).getTime() - now;
  // `expired` is the server's view at fetch time; the clock catches a key that ran out since.
  if (key.expired || left <= 0) return { kind: 'expired' };
  if (left < DAY_MS) return { kind: 'soon', label: 'Expires within a day' };
  const days = Math.ceil(left / DAY_MS);
  if (days <= WARN_WITHIN_DAYS) return { kind: 'soon', label: `Expires in ${days} days` };
  return { kind: 'later' };
}

/** The options of the "Expires in" select; expiry is mandatory (SPEC §5: 1–365 days). */
export const EXPIRY_CHOICES = [7, 30, 90, 180, 365] as const;
export const DEFAULT_EXPIRY_DAYS = 30;

export function expiryDateIn(days: number, now: number): string {
  return new Date(now + days * DAY_MS).toISOString();
}
