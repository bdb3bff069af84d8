import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { User } from './user.js';

/**
 * A personal API key: metadata only. The secrets live in ApiKeySecret (at most two live at once,
 * during a rotation), and only as SHA-256 hashes.
 */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    /** The 8 random characters after `gate_`: public, shown as the key's prefix. */
    publicId: p.string().length(8).unique(),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    name: p.string().length(100),
    scopes: p.json<string[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
    /** When the owner was told the key expires within 7 days (sent once). */
    expiryRemindedAt: p.datetime().nullable(),
  }),
});
export type ApiKey = InferEntity<typeof ApiKey>;

export const ApiKeySecret = defineEntity({
  name: 'ApiKeySecret',
  tableName: 'api_key_secret',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    key: () => p.manyToOne(ApiKey).index().deleteRule('cascade'),
    secretHash: p.string().length(64).unique().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Null for the current secret; set on the previous one while its rotation grace runs. */
    expiresAt: p.datetime().nullable(),
  }),
});
export type ApiKeySecret = InferEntity<typeof ApiKeySecret>;
