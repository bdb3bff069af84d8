import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { LinkToken } from './link-token.js';
import { User } from './user.js';

/**
 * A user's authenticator app (SPEC §9, RFC 6238). Secrets are AES-256-GCM ciphertext under
 * MFA_ENCRYPTION_KEY, never plain text: a copy of the database alone cannot mint codes.
 * `pendingSecret` is a setup not yet confirmed with a code; it replaces `secret` only on
 * confirmation, so re-enrolling a new phone never leaves the account without its factor.
 * `lastUsedStep` is the newest 30-second step a code was accepted for: a code is good once.
 */
export const MfaTotp = defineEntity({
  name: 'MfaTotp',
  tableName: 'mfa_totp',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).unique().deleteRule('cascade'),
    secret: p.string().length(255).nullable(),
    pendingSecret: p.string().length(255).nullable(),
    confirmedAt: p.datetime().nullable(),
    lastUsedStep: p.integer().nullable(),
    lastUsedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type MfaTotp = InferEntity<typeof MfaTotp>;

/** One of a user's single-use backup codes, kept as SHA-256 (the codes carry 80 random bits). */
export const MfaBackupCode = defineEntity({
  name: 'MfaBackupCode',
  tableName: 'mfa_backup_code',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    codeHash: p.string().length(64).hidden(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  uniques: [{ properties: ['user', 'codeHash'] }],
});
export type MfaBackupCode = InferEntity<typeof MfaBackupCode>;

export const PENDING_SIGN_IN_PURPOSES = ['sign_in', 'reset_password'] as const;
export type PendingSignInPurpose = (typeof PENDING_SIGN_IN_PURPOSES)[number];

/**
 * The password was right; the second factor is still to come (SPEC §9). Bound to the browser that
 * started it by a cookie holding a random token, of which only the SHA-256 is kept. A password
 * reset waiting for its factor (SPEC §8) holds the link and the new password's Argon2id hash.
 */
export const MfaPendingSignIn = defineEntity({
  name: 'MfaPendingSignIn',
  tableName: 'mfa_pending_sign_in',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    tokenHash: p.string().length(64).unique().hidden(),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    purpose: p.enum([...PENDING_SIGN_IN_PURPOSES]),
    linkToken: () => p.manyToOne(LinkToken).nullable().deleteRule('cascade'),
    newPasswordHash: p.string().length(255).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
  }),
});
export type MfaPendingSignIn = InferEntity<typeof MfaPendingSignIn>;
