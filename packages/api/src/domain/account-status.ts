import type { MemberKind } from '@gatehouse/db';
import { errors } from '../errors.js';
import type { Principal } from './principal.js';

/**
 * Principal resolution asks these on every request, for sessions and keys alike, so suspension
 * bites on the very next call of every instance (the state lives in the membership row).
 */
export function assertNotSuspended(membership: { suspendedAt?: Date | null | undefined }): void {
  if (membership.suspendedAt) throw errors.accountSuspended();
}

/** A key belongs to a person (`apiKey`) or to a service account (`serviceAccount`). */
export function keyPrincipalVia(kind: MemberKind | undefined): Extract<Principal['via'], 'apiKey' | 'serviceAccount'> {
  return kind === 'service_account' ? 'serviceAccount' : 'apiKey';
}
