import { ScimToken, newId, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { formatApiKey, hashApiKey, hashesMatch, newKeyPublicId, parseApiKey } from '../../auth/api-key-format.js';
import { recordAdminAction, type AdminActor } from '../audit-log.js';

export interface ScimTokenView {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Who is calling over SCIM: one token of one organisation. */
export interface ScimCaller {
  tokenId: string;
  tokenName: string;
  orgId: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;
const prefixOf = (publicId: string) => `gscim_${publicId}`;

function view(token: ScimToken): ScimTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: prefixOf(token.publicId),
    createdBy: token.createdBy ?? null,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}

export const scimTokenNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such SCIM token' });

export async function listScimTokens(em: EntityManager, orgId: string): Promise<ScimTokenView[]> {
  const tokens = await em.find(ScimToken, { organization: orgId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  return tokens.map(view);
}

/**
 * A token for the organisation's identity provider: `gscim_<id>_<secret>`, with the API keys'
 * entropy, checksum and hashing. The secret is returned this once and stored only as SHA-256.
 */
export async function createScimToken(
  em: EntityManager,
  actor: AdminActor,
  name: string,
): Promise<{ token: ScimTokenView; secret: string }> {
  return em.transactional(async (tx) => {
    let publicId = newKeyPublicId();
    while (await tx.count(ScimToken, { publicId })) publicId = newKeyPublicId();
    const secret = formatApiKey(publicId, 'gscim');
    const token = tx.create(ScimToken, {
      id: newId(),
      publicId,
      organization: actor.principal.orgId,
      name,
      secretHash: hashApiKey(secret),
      createdBy: actor.principal.userId,
      lastUsedAt: null,
    });
    recordAdminAction(tx, actor, {
      action: 'scim_token.created',
      targetType: 'scim_token',
      targetId: token.id,
      metadata: { name, prefix: prefixOf(publicId) },
    });
    await tx.flush();
    return { token: view(token), secret };
  });
}

/** Revoked at once: the identity provider's next request is refused. */
export async function revokeScimToken(em: EntityManager, actor: AdminActor, tokenId: string): Promise<void> {
  await em.transactional(async (tx) => {
    const token = await tx.findOne(ScimToken, { id: tokenId, organization: actor.principal.orgId });
    if (!token) throw scimTokenNotFound();
    recordAdminAction(tx, actor, {
      action: 'scim_token.revoked',
      targetType: 'scim_token',
      targetId: token.id,
      metadata: { name: token.name, prefix: prefixOf(token.publicId) },
    });
    await tx.flush();
    await tx.nativeDelete(ScimToken, { id: token.id });
  });
}

/** The caller behind a SCIM bearer token, or null (malformed, bad checksum, unknown, revoked alike). */
export async function authenticateScimToken(em: EntityManager, presented: string): Promise<ScimCaller | null> {
  const parsed = parseApiKey(presented, 'gscim');
  if (!parsed) return null; // no database read for a malformed or mistyped token
  const token = await em.findOne(ScimToken, { publicId: parsed.publicId });
  if (!token || !hashesMatch(token.secretHash, hashApiKey(presented))) return null;
  const now = Date.now();
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ScimToken, { id: token.id }, { lastUsedAt: new Date(now) });
  }
  return { tokenId: token.id, tokenName: token.name, orgId: token.organization.id };
}
