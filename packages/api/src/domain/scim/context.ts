import type { EntityManager } from '@gatehouse/db';
import type { ErasureRequest } from '../erasure.js';
import type { RequestMeta } from '../profile.js';
import type { ScimCaller } from './tokens.js';

/** What every SCIM operation gets: a fresh EntityManager, the token's caller, the request facts, URLs. */
export interface ScimContext {
  em: EntityManager;
  caller: ScimCaller;
  meta: RequestMeta;
  /** Absolute base of the SCIM API (`https://host/scim/v2`), for `meta.location`. */
  baseUrl: string;
  /** The web app's origin, for links in mail. */
  appOrigin: string;
  /** For erasure: a deleted user's rate-limit counts go with them. */
  limits: ErasureRequest['limits'];
}

/** Audit fields of a SCIM operation: the token is the actor, `via: 'scim'`. */
export function scimAudit(ctx: ScimContext, metadata: Record<string, unknown> = {}) {
  return {
    orgId: ctx.caller.orgId,
    actorId: ctx.caller.tokenId,
    via: 'scim' as const,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    metadata: { token: ctx.caller.tokenName, ...metadata },
  };
}
