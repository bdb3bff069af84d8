import { Membership, type EntityManager } from '@gatehouse/db';
import { createSession, invalidateSessionToken, type SessionConfig } from '../auth/sessions.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '../auth/webauthn.js';
import { errors } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { deviceName } from '../schemas/device-name.js';
import type { PasskeyAuthenticationResponse } from '../schemas/passkeys.js';
import { orgIdOf } from './accounts.js';
import { recordAudit } from './audit.js';
import { notify } from './notifications.js';
import { beginPasskeyAssertion, checkPasskeyAssertion } from './passkey-assertion.js';
import type { RequestMeta } from './profile.js';
import { challengeBinding } from './webauthn-challenges.js';

type SignInConfig = SessionConfig & { sudoWindowSeconds: number };

/** A passwordless sign-in begins: any passkey of this site may answer, from this browser only. */
export function beginPasskeySignIn(
  em: EntityManager,
  config: SignInConfig,
  browserNonce: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return beginPasskeyAssertion(em, config, { purpose: 'sign_in', binding: challengeBinding('browser', browserNonce), userId: null });
}

/**
 * Signs in with a passkey alone: it is something you have, unlocked by something you know or
 * are (user verification is required), so it counts as both factors and opens the sudo window
 * as a password and second factor would. Failures count against the same per-IP limit as
 * password guesses, and are audited (and mailed, when the passkey is someone's).
 */
export async function signInWithPasskey(
  em: EntityManager,
  deps: { config: SignInConfig; rateLimits: RateLimits },
  input: { browserNonce: string | null; response: PasskeyAuthenticationResponse; currentSessionToken: string | null },
  meta: RequestMeta,
): Promise<{ userId: string; token: string }> {
  const ip = meta.ip ?? 'unknown';
  await deps.rateLimits.consume('signInIp', ip);
  const result = input.browserNonce
    ? await checkPasskeyAssertion(em, deps.config, { purpose: 'sign_in', binding: challengeBinding('browser', input.browserNonce) }, input.response)
    : ({ ok: false, reason: 'no_challenge', userId: null, passkeyId: null } as const);

  if (!result.ok) {
    await em.transactional(async (tx) => {
      recordAudit(tx, {
        action: 'user.sign_in_failed',
        orgId: result.userId ? await orgIdOf(tx, result.userId) : null,
        actorId: null,
        via: 'session',
        targetType: result.userId ? 'user' : null,
        targetId: result.userId,
        metadata: { method: 'passkey', reason: result.reason, passkeyId: result.passkeyId },
        ...meta,
      });
      if (result.userId) {
        await notify(tx, result.userId, {
          category: 'security',
          type: 'mfa.passkey_failed',
          title: 'A sign-in with your passkey was refused',
          body: `Someone tried to sign in to your Gatehouse account with one of your passkeys${meta.ip ? ` from ${meta.ip}` : ''}, and it was refused. If this was not you, check the passkeys in your security settings.`,
        });
      }
    });
    throw errors.invalidCredentials();
  }

  const membership = await em.findOne(Membership, { user: result.userId }, { fields: ['organization', 'kind', 'suspendedAt'] });
  if (membership?.suspendedAt) {
    recordAudit(em, {
      action: 'user.sign_in_refused',
      orgId: membership.organization.id,
      actorId: result.userId,
      via: 'session',
      targetType: 'user',
      targetId: result.userId,
      metadata: { reason: 'suspended', method: 'passkey' },
      ...meta,
    });
    await em.flush();
    throw errors.accountSuspended();
  }
  await deps.rateLimits.refund('signInIp', ip);
  const userId = result.userId;
  // One transaction: a session never exists without its sign-in audit row and notification.
  const token = await em.transactional(async (tx) => {
    // No fixation: whatever session this browser had is ended, and a brand-new token issued.
    if (input.currentSessionToken) await invalidateSessionToken(tx, deps.config, input.currentSessionToken);
    const session = await createSession(tx, deps.config, {
      userId,
      sudoUntil: new Date(Date.now() + deps.config.sudoWindowSeconds * 1000),
      ...meta,
    });
    recordAudit(tx, {
      action: 'user.signed_in',
      orgId: membership?.organization.id ?? null,
      actorId: userId,
      via: 'session',
      targetType: 'session',
      targetId: session.id,
      metadata: { method: 'passkey', passkeyId: result.passkeyId },
      ...meta,
    });
    await notify(tx, userId, {
      category: 'security',
      type: 'user.signed_in',
      title: 'New sign-in to your account',
      body: `Someone signed in to your Gatehouse account with a passkey${meta.ip ? ` from ${meta.ip}` : ''}${meta.userAgent ? ` using ${deviceName(meta.userAgent)}` : ''}. If this wasn't you, remove that passkey and change your password now.`,
    });
    await tx.flush();
    return session.token;
  });
  return { userId, token };
}
