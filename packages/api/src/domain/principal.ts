import type { Role } from '@gatehouse/db';
import type { Scope } from './permissions.js';

/** Who is calling, resolved afresh from the database on every request (SPEC §3, §12). */
export interface Principal {
  /** The user, or the service account's identity (service accounts are org-owned users that cannot sign in). */
  userId: string;
  orgId: string;
  /** The built-in role; custom roles are read with the permissions (domain/effective-permissions.ts). */
  role: Role;
  via: 'session' | 'apiKey' | 'serviceAccount';
  sessionId?: string;
  keyId?: string;
  scopes?: Scope[];
  sudoUntil?: Date | null;
  /** SPEC §9: the organisation requires MFA and this person has none yet. */
  mfaEnrollmentRequired?: boolean;
  /**
   * The organisation's MFA policy as read with the credential, in the same statement (the
   * principal middleware needs it on every request). Absent: not read, look it up.
   */
  orgRequiresMfa?: boolean;
}

export interface SessionPrincipal extends Principal {
  via: 'session';
  sessionId: string;
  sudoUntil: Date | null;
}
