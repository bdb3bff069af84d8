import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { ROLES } from './membership.js';
import { Organization } from './organization.js';

/** An invitation to join an organisation. Only the SHA-256 of its token is stored. */
export const Invitation = defineEntity({
  name: 'Invitation',
  tableName: 'invitation',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    organization: () => p.manyToOne(Organization).deleteRule('cascade'),
    email: p.string().length(254),
    role: p.enum([...ROLES]),
    teamIds: p.json<string[]>(),
    tokenHash: p.string().length(64).unique().hidden(),
    /** Who invited (a user id, not a foreign key: erased users leave an opaque id). */
    invitedBy: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    /** The outbox mail carrying the link, so owners see whether it was delivered. */
    mailId: p.string().length(36).nullable(),
  }),
  indexes: [{ properties: ['organization', 'createdAt'] }, { properties: ['email'] }, { properties: ['invitedBy'] }],
});
export type Invitation = InferEntity<typeof Invitation>;
