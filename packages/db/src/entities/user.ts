import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';

export const User = defineEntity({
  name: 'User',
  tableName: 'user',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    /** Stored lower-cased and trimmed, so uniqueness holds in any letter case. */
    email: p.string().length(254).unique(),
    displayName: p.string().length(100),
    phone: p.string().length(32).nullable(),
    timezone: p.string().length(64),
    locale: p.string().length(35),
    jobTitle: p.string().length(100).nullable(),
    department: p.string().length(100).nullable(),
    /** Name parts as an identity provider sends them (SCIM `name`); displayName stays the one shown. */
    givenName: p.string().length(100).nullable(),
    familyName: p.string().length(100).nullable(),
    /** Argon2id PHC string: never leaves the server. Empty for accounts that never set one. */
    passwordHash: p.string().length(255).hidden(),
    /** When the current address was proven by a mailed link (or an invitation to it); null until then. */
    emailVerifiedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type User = InferEntity<typeof User>;
