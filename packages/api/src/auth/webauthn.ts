/**
 * The only module that speaks WebAuthn, through @simplewebauthn/server (the library does the CBOR,
 * COSE, attestation and signature work; nothing here parses a byte of it). The relying party is
 * the configured app origin: its host name is the RP id, and only that exact origin may answer.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { COSEALG } from '@simplewebauthn/server/helpers';
import type { ApiConfig } from '../config.js';

export type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON };

type RelyingPartyConfig = Pick<ApiConfig, 'appOrigin'>;

/** How long a browser may take over a ceremony; the stored challenge lives as long. */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

function relyingParty(config: RelyingPartyConfig): { id: string; origin: string } {
  const url = new URL(config.appOrigin);
  return { id: url.hostname, origin: url.origin };
}

export interface StoredCredential {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string;
}

/**
 * EdDSA, ES256 and RS256: what authenticators ship today. Named rather than left to the library's
 * default, which probes the runtime for post-quantum ML-DSA and makes Node print an
 * experimental-feature warning on every ceremony.
 */
const SUPPORTED_ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];

const transportsOf = (stored: string) => (stored ? (stored.split(',') as AuthenticatorTransport[]) : undefined);

export async function registrationOptions(
  config: RelyingPartyConfig,
  user: { id: string; email: string; displayName: string },
  existing: StoredCredential[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: 'Gatehouse',
    rpID: relyingParty(config).id,
    // The user handle a discoverable passkey hands back at sign-in: the account's opaque id.
    userID: new TextEncoder().encode(user.id),
    userName: user.email,
    userDisplayName: user.displayName,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    // The same authenticator twice would be one factor counted as two.
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: transportsOf(c.transports) })),
    // Discoverable, so the passkey alone can sign in; user verification makes it two factors.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
}

/** The new credential, or null when the answer does not prove one for this challenge. */
export async function verifyRegistration(
  config: RelyingPartyConfig,
  response: unknown,
  expectedChallenge: string,
): Promise<StoredCredential | null> {
  const rp = relyingParty(config);
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    if (!verified) return null;
    const { credential } = registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: (credential.transports ?? []).join(','),
    };
  } catch {
    // The library throws on anything malformed or mismatched: to the caller, simply not proven.
    return null;
  }
}

export async function authenticationOptions(
  config: RelyingPartyConfig,
  allowed: StoredCredential[] | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: relyingParty(config).id,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'required',
    // Null: a passwordless sign-in, where the browser offers whichever passkey the user picks.
    ...(allowed ? { allowCredentials: allowed.map((c) => ({ id: c.credentialId, transports: transportsOf(c.transports) })) } : {}),
  });
}

export type AssertionResult = { ok: true; newCounter: number } | { ok: false; counterWentBack: boolean };

export async function verifyAssertion(
  config: RelyingPartyConfig,
  response: unknown,
  expectedChallenge: string,
  credential: StoredCredential,
): Promise<AssertionResult> {
  const rp = relyingParty(config);
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
        counter: credential.counter,
        transports: transportsOf(credential.transports),
      },
    });
    return verified ? { ok: true, newCounter: authenticationInfo.newCounter } : { ok: false, counterWentBack: false };
  } catch (error) {
    // A counter that did not move forward means a copy of the authenticator may exist.
    const counterWentBack = error instanceof Error && /counter/i.test(error.message);
    return { ok: false, counterWentBack };
  }
}
