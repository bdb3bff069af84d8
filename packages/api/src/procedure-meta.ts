import type { OrgPermission, Scope } from './domain/permissions.js';

/**
 * What a procedure demands of its caller, declared by the builder in procedures.ts that enforces
 * it (tRPC merges `.meta()` along a builder chain). The API reference, the OpenAPI document and
 * the REST routes read it, so they describe the checks that actually run.
 */
export interface ProcedureMeta {
  /**
   * `anyone`; `browser`: anyone but an API key (auth.*); `principal`: a session or an API key;
   * `session`: an interactive session only.
   */
  caller?: 'anyone' | 'browser' | 'principal' | 'session';
  /** The API key scope the call needs (and, unless it is self-service, the role behind it). */
  scope?: Scope;
  /** The fine-grained org permission the call needs. */
  permission?: OrgPermission;
  /** `team`: a team-scoped grant of the permission also admits, for that team's things only. */
  reach?: 'org' | 'team';
  /** The session's step-up window must be open. */
  sudo?: boolean;
}
