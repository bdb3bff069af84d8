import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { User } from './user.js';

/**
 * What a mailed link proves or does. `cancel_email_change` is the "this wasn't me" link mailed to
 * the old address when someone asks to change it.
 */
export const LINK_TOKEN_KINDS = ['verify_email', 'reset_password', 'change_email', 'cancel_email_change'] as const;
export type LinkTokenKind = (typeof LINK_TOKEN_KINDS)[number];

/**
 * A single-use link sent by mail. Only the SHA-256 of the token is kept; the token itself lives in
 * the mail alone. `email` is the address the link is about (the one to prove, the new one of a
 * change, the old one to restore), so a link minted for an address stops working once the
 * account's address has moved on.
 */
export const LinkToken = defineEntity({
  name: 'LinkToken',
  tableName: 'link_token',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    kind: p.enum([...LINK_TOKEN_KINDS]),
    tokenHash: p.string().length(64).unique().hidden(),
    /** Null for a reset asked for an address without an account: the same write, usable by nobody. */
    user: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    email: p.string().length(254),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  }),
  indexes: [{ properties: ['user', 'kind'] }, { properties: ['expiresAt'] }],
});
export type LinkToken = InferEntity<typeof LinkToken>;
