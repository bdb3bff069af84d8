import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { Organization } from './organization.js';
import { User } from './user.js';

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A user's place in their (single) organisation. The role is read on every request, never cached. */
export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).unique().deleteRule('cascade'),
    organization: () => p.manyToOne(Organization).deleteRule('cascade'),
    role: p.enum([...ROLES]),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['organization', 'role'] }],
});
export type Membership = InferEntity<typeof Membership>;
