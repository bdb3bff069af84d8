export const HOME_PATH = '/profile';

/** Where a guard sent the user from, so sign-in can bring them back. */
export type ReturnState = {
  from?: string;
  /** The session ended elsewhere (revoked on another device, or expired): sign-in says so. */
  sessionEnded?: boolean;
};

export function sessionEnded(state: unknown): boolean {
  return (state as ReturnState | null)?.sessionEnded === true;
}

/**
 * Only same-app paths: "//host" or a full URL in history state would turn sign-in into an
 * open redirect.
 */
export function returnPath(state: unknown): string {
  const from = (state as ReturnState | null)?.from;
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  return HOME_PATH;
}
