import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organization',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    name: p.string().length(120),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Organization = InferEntity<typeof Organization>;
