import type { EntityManager } from '@gatehouse/db';
import type { PublicKeyCredentialRequestOptionsJSON } from '../../auth/webauthn.js';
import { errors } from '../../errors.js';
import type { PasskeyAuthenticationResponse } from '../../schemas/passkeys.js';
import type { SignInConfig } from '../open-session.js';
import { beginPasskeyAssertion, checkPasskeyAssertion } from '../passkey-assertion.js';
import type { RequestMeta } from '../profile.js';
import { challengeBinding } from '../webauthn-challenges.js';
import { completePendingSignIn, findPendingSignIn, type CompletedSignIn, type PendingSignIn } from './pending-sign-in.js';
import { recordFailedVerify, takeVerifyAttempt, type VerifyDeps } from './verify-sign-in.js';

const ceremonyOf = (pending: PendingSignIn) => ({ purpose: 'second_factor' as const, binding: challengeBinding('pending', pending.id) });

/**
 * `auth.mfa.passkeyOptions`: the challenge for the second step, bound to this browser's pending
 * sign-in (or reset); only the account's own passkeys are offered, and only they may answer.
 */
export async function beginPendingPasskey(
  em: EntityManager,
  config: SignInConfig,
  pendingToken: string | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const pending = await findPendingSignIn(em, pendingToken);
  return beginPasskeyAssertion(em, config, { ...ceremonyOf(pending), userId: pending.userId });
}

/**
 * `auth.mfa.verify {passkeyResponse}`: the same limits, audit and mail as a code; the challenge
 * is spent by this attempt whatever its outcome.
 */
export async function verifyPendingPasskey(
  em: EntityManager,
  deps: VerifyDeps,
  input: { pendingToken: string | null; currentSessionToken: string | null; response: PasskeyAuthenticationResponse },
  meta: RequestMeta,
): Promise<CompletedSignIn> {
  const pending = await findPendingSignIn(em, input.pendingToken);
  const giveBack = await takeVerifyAttempt(deps.rateLimits, pending);
  const result = await checkPasskeyAssertion(em, deps.config, ceremonyOf(pending), input.response);
  if (!result.ok || result.userId !== pending.userId) {
    await recordFailedVerify(em, pending, 'passkey', meta);
    throw errors.invalidMfaCode();
  }
  await giveBack();
  return completePendingSignIn(em, deps.config, pending, { method: 'passkey', currentSessionToken: input.currentSessionToken }, meta);
}
