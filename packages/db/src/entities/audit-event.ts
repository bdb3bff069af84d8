import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';

export const AUDIT_VIA = ['session', 'apiKey', 'serviceAccount', 'scim', 'system'] as const;
export type AuditVia = (typeof AUDIT_VIA)[number];

/**
 * Append-only. Ids here are plain strings, not foreign keys: the trail must outlive the users,
 * keys and organisations it mentions (erasure rewrites the actor to an opaque id instead).
 */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    orgId: p.string().length(36).nullable(),
    actorId: p.string().length(64).nullable(),
    via: p.enum([...AUDIT_VIA]),
    action: p.string().length(64),
    targetType: p.string().length(32).nullable(),
    targetId: p.string().length(64).nullable(),
    /**
     * A user the event concerns besides actor and target (the owner of a key someone else
     * deleted): indexed, so erasure finds every row naming a user without reading the metadata.
     */
    subjectId: p.string().length(64).nullable(),
    ip: p.string().length(255).nullable(),
    userAgent: p.string().length(512).nullable(),
    metadata: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  indexes: [
    { properties: ['orgId', 'createdAt'] },
    { properties: ['actorId', 'id'] },
    { properties: ['targetId', 'id'] },
    { properties: ['subjectId', 'id'] },
  ],
});
export type AuditEvent = InferEntity<typeof AuditEvent>;
