import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { User } from './user.js';

/**
 * A WebAuthn credential (SPEC §9). Only public material: the credential id and COSE public key
 * as base64url, the signature counter the authenticator last reported (synced passkeys always
 * report 0), and the transports the browser said it can reach it by.
 */
export const Passkey = defineEntity({
  name: 'Passkey',
  tableName: 'passkey',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    /** base64url; WebAuthn allows up to 1023 bytes, which is 1364 characters. */
    credentialId: p.string().length(1400).unique(),
    publicKey: p.text(),
    /** An unsigned 32-bit counter: wider than a signed integer column. */
    counter: p.bigint('number'),
    /** Comma-separated (`internal,hybrid`); empty when the browser did not say. */
    transports: p.string().length(128),
    name: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  }),
  indexes: [{ properties: ['user'] }],
});
export type Passkey = InferEntity<typeof Passkey>;

/** What a WebAuthn ceremony was started for; a challenge answers only the ceremony it was made for. */
export const WEBAUTHN_PURPOSES = ['register', 'sign_in', 'second_factor', 'sudo'] as const;
export type WebAuthnPurpose = (typeof WEBAUTHN_PURPOSES)[number];

/**
 * An outstanding WebAuthn challenge, kept in the database so any instance of a fleet can finish
 * a ceremony another began. `binding` is a SHA-256 of what it was issued to (the session, the
 * pending sign-in, or a browser's nonce cookie): at most one per binding and purpose, deleted by
 * whichever request uses it first, and refused after `expiresAt`.
 */
export const WebAuthnChallenge = defineEntity({
  name: 'WebAuthnChallenge',
  tableName: 'webauthn_challenge',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    purpose: p.enum([...WEBAUTHN_PURPOSES]),
    binding: p.string().length(64),
    /** Whose credentials may answer it; null for a passwordless sign-in, where the passkey says. */
    user: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    challenge: p.string().length(128),
    expiresAt: p.datetime(),
  }),
  uniques: [{ properties: ['binding', 'purpose'] }],
  indexes: [{ properties: ['expiresAt'] }],
});
export type WebAuthnChallenge = InferEntity<typeof WebAuthnChallenge>;
