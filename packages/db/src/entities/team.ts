import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { Organization } from './organization.js';
import { User } from './user.js';

export const Team = defineEntity({
  name: 'Team',
  tableName: 'team',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    organization: () => p.manyToOne(Organization).deleteRule('cascade'),
    name: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** The identity provider's id for the group this team mirrors (SCIM `externalId`). */
    externalId: p.string().length(255).nullable(),
  }),
  // Unique per organisation in any letter case: an index on (organization_id, lower(name)), made
  // by the migrations (MikroORM's metadata cannot express it portably).
});
export type Team = InferEntity<typeof Team>;

export const TeamMember = defineEntity({
  name: 'TeamMember',
  tableName: 'team_member',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    team: () => p.manyToOne(Team).deleteRule('cascade'),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** A custom role (OrgRole id) held within this team only, or null. */
    roleId: p.string().length(36).nullable(),
  }),
  uniques: [{ properties: ['team', 'user'] }],
});
export type TeamMember = InferEntity<typeof TeamMember>;

/** The team-scoped resource: visible to the members of its team (and to owners). */
export const Agent = defineEntity({
  name: 'Agent',
  tableName: 'agent',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    organization: () => p.manyToOne(Organization).deleteRule('cascade'),
    team: () => p.manyToOne(Team).index().deleteRule('cascade'),
    name: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['organization', 'id'] }],
});
export type Agent = InferEntity<typeof Agent>;
