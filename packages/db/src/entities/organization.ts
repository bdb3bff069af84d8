import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organization',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    name: p.string().length(120),
    /** SPEC §9: members without a second factor may only enrol one until they do. */
    requireMfa: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Organization = InferEntity<typeof Organization>;
