import { Passkey, type EntityManager, type WebAuthnPurpose } from '@gatehouse/db';
import { authenticationOptions, verifyAssertion, type PublicKeyCredentialRequestOptionsJSON } from '../auth/webauthn.js';
import type { ApiConfig } from '../config.js';
import { storedCredentialsOf } from './passkeys.js';
import { keepChallenge, takeChallenge } from './webauthn-challenges.js';

type RelyingPartyConfig = Pick<ApiConfig, 'appOrigin'>;

/**
 * Options for navigator.credentials.get, challenge kept for `binding`. With a user, only their
 * passkeys are offered and only theirs may answer; without one (a passwordless sign-in), any.
 */
export async function beginPasskeyAssertion(
  em: EntityManager,
  config: RelyingPartyConfig,
  ceremony: { purpose: WebAuthnPurpose; binding: string; userId: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed = ceremony.userId ? await storedCredentialsOf(em, ceremony.userId) : null;
  const options = await authenticationOptions(config, allowed);
  await keepChallenge(em, { ...ceremony, challenge: options.challenge });
  return options;
}

export type PasskeyAssertion =
  | { ok: true; userId: string; passkeyId: string }
  /** `userId` is the passkey's owner when the passkey is known, for the audit row and the mail. */
  | { ok: false; reason: 'no_challenge' | 'unknown_passkey' | 'not_verified' | 'counter_went_back'; userId: string | null; passkeyId: string | null };

interface AssertionResponse {
  id: string;
  response: { userHandle?: string | undefined };
}

/**
 * Checks a passkey's answer to the challenge kept for `binding`. The challenge is used up first
 * (even by a failed answer); a passkey of another user than the one the ceremony began for is
 * as unknown as a made-up one. On success the passkey's counter and last use are written.
 */
export async function checkPasskeyAssertion(
  em: EntityManager,
  config: RelyingPartyConfig,
  ceremony: { purpose: WebAuthnPurpose; binding: string },
  response: AssertionResponse,
): Promise<PasskeyAssertion> {
  const challenge = await takeChallenge(em, ceremony.purpose, ceremony.binding);
  const passkey = await em.findOne(Passkey, { credentialId: response.id });
  const fail = (reason: Extract<PasskeyAssertion, { ok: false }>['reason'], known = passkey) => ({
    ok: false as const,
    reason,
    userId: known?.user.id ?? null,
    passkeyId: known?.id ?? null,
  });
  if (!challenge) return fail('no_challenge', null);
  if (!passkey || (challenge.userId !== null && passkey.user.id !== challenge.userId)) return fail('unknown_passkey', null);
  // A discoverable passkey says whose it is; it must be the account the credential belongs to.
  if (response.response.userHandle !== undefined && response.response.userHandle !== Buffer.from(passkey.user.id).toString('base64url')) {
    return fail('unknown_passkey', null);
  }
  const result = await verifyAssertion(config, response, challenge.challenge, passkey);
  if (!result.ok) return fail(result.counterWentBack ? 'counter_went_back' : 'not_verified');
  await em.nativeUpdate(Passkey, { id: passkey.id }, { counter: result.newCounter, lastUsedAt: new Date() });
  return { ok: true, userId: passkey.user.id, passkeyId: passkey.id };
}
