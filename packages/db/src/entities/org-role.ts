import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { Organization } from './organization.js';

/**
 * A custom role: a named set of fine-grained permissions, held org-wide (Membership.roleId) or
 * within one team (TeamMember.roleId). Read on every permission check, never cached.
 */
export const OrgRole = defineEntity({
  name: 'OrgRole',
  tableName: 'org_role',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    organization: () => p.manyToOne(Organization).deleteRule('cascade'),
    name: p.string().length(60),
    description: p.string().length(300),
    permissions: p.json<string[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
  uniques: [{ properties: ['organization', 'name'] }],
});
export type OrgRole = InferEntity<typeof OrgRole>;
