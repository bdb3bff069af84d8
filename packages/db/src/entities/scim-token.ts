import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { Organization } from './organization.js';

/**
 * A bearer token an identity provider uses to provision one organisation over SCIM
 * (`gscim_<publicId>_<secret>`). Only the SHA-256 of the whole token is stored.
 */
export const ScimToken = defineEntity({
  name: 'ScimToken',
  tableName: 'scim_token',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    publicId: p.string().length(8).unique(),
    organization: () => p.manyToOne(Organization).index().deleteRule('cascade'),
    name: p.string().length(100),
    secretHash: p.string().length(64).unique().hidden(),
    /** Who created it (a user id, not a foreign key: erased users leave an opaque id). */
    createdBy: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  }),
});
export type ScimToken = InferEntity<typeof ScimToken>;
