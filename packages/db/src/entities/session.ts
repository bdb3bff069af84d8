import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { User } from './user.js';

/**
 * A signed-in browser. `id` is a public handle (safe to list and revoke by); the bearer token
 * itself is never stored, only its SHA-256 in `tokenHash`.
 */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    tokenHash: p.string().length(64).unique().hidden(),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime(),
    /** Sliding idle expiry, clamped to createdAt + the absolute maximum. */
    expiresAt: p.datetime(),
    /** Step-up window: sensitive procedures run only while now < sudoUntil. */
    sudoUntil: p.datetime().nullable(),
    ip: p.string().length(255).nullable(),
    userAgent: p.string().length(512).nullable(),
  }),
});
export type Session = InferEntity<typeof Session>;
