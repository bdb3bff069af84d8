import type { Role } from '@gatehouse/db';
import type { Scope } from './permissions.js';

/** Who is calling, resolved afresh from the database on every request (SPEC §3). */
export interface Principal {
  userId: string;
  orgId: string;
  role: Role;
  via: 'session' | 'apiKey';
  sessionId?: string;
  keyId?: string;
  scopes?: Scope[];
  sudoUntil?: Date | null;
}

export interface SessionPrincipal extends Principal {
  via: 'session';
  sessionId: string;
  sudoUntil: Date | null;
}
