import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { Organization } from './organization.js';
import { User } from './user.js';

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A person, or a service account (an org-owned identity for automation, without sign-in). */
export const MEMBER_KINDS = ['person', 'service_account'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** A user's place in their (single) organisation. The role is read on every request, never cached. */
export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).unique().deleteRule('cascade'),
    organization: () => p.manyToOne(Organization).deleteRule('cascade'),
    /** The built-in role; `member` whenever `roleId` names a custom role held org-wide. */
    role: p.enum([...ROLES]),
    createdAt: p.datetime().onCreate(() => new Date()),
    kind: p.enum([...MEMBER_KINDS]).default('person'),
    /** A custom role (OrgRole id) held org-wide, or null. */
    roleId: p.string().length(36).nullable(),
    /** Set while the identity provider (SCIM `active: false`) has the member suspended. */
    suspendedAt: p.datetime().nullable(),
    /** The identity provider's id for this member (SCIM `externalId`), unique in the organisation. */
    externalId: p.string().length(255).nullable(),
    /** The SCIM `userName`, when the identity provider's differs from the email address. */
    scimUserName: p.string().length(254).nullable(),
  }),
  indexes: [{ properties: ['organization', 'role'] }],
});
export type Membership = InferEntity<typeof Membership>;
