import { createHash, randomBytes } from 'node:crypto';
import { LinkToken, type EntityManager, type LinkTokenKind } from '@gatehouse/db';
import { errors } from '../errors.js';

const HOUR_MS = 3_600_000;

/** How long each kind of mailed link works (SPEC §8: verification 24 h, reset 1 h). */
export const LINK_LIFETIME_MS: Record<LinkTokenKind, number> = {
  verify_email: 24 * HOUR_MS,
  reset_password: HOUR_MS,
  change_email: 24 * HOUR_MS,
  // Long enough to notice the notice: the owner may read the old mailbox days later.
  cancel_email_change: 7 * 24 * HOUR_MS,
};

/** Where each kind of link opens in the web app. */
export const LINK_PATH: Record<LinkTokenKind, string> = {
  verify_email: '/verify-email/',
  reset_password: '/reset-password/',
  change_email: '/confirm-email/',
  cancel_email_change: '/cancel-email-change/',
};

export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface IssuedLink {
  token: string;
  url: string;
  expiresAt: Date;
}

/**
 * Mints a link: 256 bits from the CSPRNG, of which the database keeps only the SHA-256. A new link
 * of a kind ends the user's older unused ones of that kind, so only the latest mail works.
 */
export async function issueLinkToken(
  em: EntityManager,
  link: { kind: LinkTokenKind; userId: string | null; email: string; appOrigin: string },
): Promise<IssuedLink> {
  const now = new Date();
  // One statement either way: a reset for an address without an account does the same work.
  const older = link.userId ? { user: link.userId } : { user: null, email: link.email };
  await em.nativeUpdate(LinkToken, { ...older, kind: link.kind, usedAt: null }, { usedAt: now });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[link.kind]);
  em.create(LinkToken, {
    kind: link.kind,
    tokenHash: hashLinkToken(token),
    user: link.userId,
    email: link.email,
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return { token, url: `${link.appOrigin}${LINK_PATH[link.kind]}${token}`, expiresAt };
}

export interface LiveLink {
  id: string;
  userId: string;
  email: string;
}

const liveWhere = (kind: LinkTokenKind, token: string) => ({
  kind,
  tokenHash: hashLinkToken(token),
  usedAt: null,
  expiresAt: { $gt: new Date() },
  user: { $ne: null },
});

/** A link that would still work, without using it up (for a page that asks before acting). */
export async function findLiveLink(em: EntityManager, kind: LinkTokenKind, token: string): Promise<LiveLink> {
  const row = await em.findOne(LinkToken, liveWhere(kind, token), { fields: ['id', 'user', 'email'] });
  if (!row?.user) throw errors.invalidToken();
  return { id: row.id, userId: row.user.id, email: row.email };
}

/**
 * Uses a link up. The conditional update is the claim: of two concurrent uses of one link, exactly
 * one changes the row; the other (like an unknown, expired or used link) gets INVALID_TOKEN. Run it
 * inside the transaction that does what the link is for, so a failure there gives the link back.
 */
export async function consumeLinkToken(em: EntityManager, kind: LinkTokenKind, token: string): Promise<LiveLink> {
  const link = await findLiveLink(em, kind, token);
  const claimed = await em.nativeUpdate(LinkToken, { id: link.id, usedAt: null }, { usedAt: new Date() });
  if (claimed !== 1) throw errors.invalidToken();
  return link;
}

/** Ends every unused link of these kinds the user holds (a change cancelled, a password reset). */
export async function endLinks(em: EntityManager, userId: string, kinds: LinkTokenKind[]): Promise<void> {
  await em.nativeUpdate(LinkToken, { user: userId, kind: { $in: kinds }, usedAt: null }, { usedAt: new Date() });
}
