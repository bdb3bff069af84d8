import { Passkey, User, UniqueConstraintViolationException, type EntityManager } from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import {
  registrationOptions,
  verifyRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type StoredCredential,
} from '../auth/webauthn.js';
import type { ApiConfig } from '../config.js';
import { errors } from '../errors.js';
import { recordAudit } from './audit.js';
import { issueBackupCodesForFirstFactor } from './first-factor.js';
import { lockFactorsOf, refuseLosingRequiredMfa } from './mfa/org-policy.js';
import { dropBackupCodesWithoutFactor } from './second-factors.js';
import { notify } from './notifications.js';
import type { SessionPrincipal } from './principal.js';
import type { RequestMeta } from './profile.js';
import { challengeBinding, keepChallenge, takeChallenge } from './webauthn-challenges.js';

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const passkeyNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such passkey' });

export async function listPasskeys(em: EntityManager, userId: string): Promise<PasskeySummary[]> {
  const rows = await em.find(Passkey, { user: userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function storedCredentialsOf(em: EntityManager, userId: string): Promise<StoredCredential[]> {
  return em.find(Passkey, { user: userId }, { fields: ['credentialId', 'publicKey', 'counter', 'transports'] });
}

/** Starts adding a passkey: the options for navigator.credentials.create, challenge bound to this session. */
export async function beginPasskeyRegistration(
  em: EntityManager,
  config: Pick<ApiConfig, 'appOrigin'>,
  principal: SessionPrincipal,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = await em.findOneOrFail(User, { id: principal.userId }, { fields: ['email', 'displayName'] });
  const options = await registrationOptions(
    config,
    { id: principal.userId, email: user.email, displayName: user.displayName },
    await storedCredentialsOf(em, principal.userId),
  );
  await keepChallenge(em, {
    purpose: 'register',
    binding: challengeBinding('session', principal.sessionId),
    userId: principal.userId,
    challenge: options.challenge,
  });
  return options;
}

/**
 * Finishes adding a passkey. The challenge is used up first, outside the transaction, so a
 * failed answer cannot be retried against it. The first factor an account gets comes with its
 * backup codes (SPEC §9), shown once in this answer.
 */
export async function registerPasskey(
  em: EntityManager,
  config: Pick<ApiConfig, 'appOrigin'>,
  principal: SessionPrincipal,
  input: { name: string; response: unknown },
  meta: RequestMeta,
): Promise<{ passkey: PasskeySummary; backupCodes: string[] | null }> {
  const challenge = await takeChallenge(em, 'register', challengeBinding('session', principal.sessionId));
  if (!challenge || challenge.userId !== principal.userId) {
    throw errors.validation('This passkey request has expired or was already used: start again');
  }
  const credential = await verifyRegistration(config, input.response, challenge.challenge);
  if (!credential) throw errors.validation('The passkey could not be verified: try again');

  try {
    return await em.transactional(async (tx) => {
      const passkey = tx.create(Passkey, { user: principal.userId, name: input.name, lastUsedAt: null, ...credential });
      recordAudit(tx, {
        action: 'mfa.passkey_added',
        orgId: principal.orgId,
        actorId: principal.userId,
        via: 'session',
        targetType: 'passkey',
        targetId: passkey.id,
        metadata: { name: input.name },
        ...meta,
      });
      await notify(tx, principal.userId, {
        category: 'security',
        type: 'mfa.passkey_added',
        title: 'A passkey was added to your account',
        body: `The passkey "${input.name}" can now be used to sign in to your Gatehouse account and to confirm sensitive actions. If you did not add it, remove it from your security settings and change your password.`,
      });
      await tx.flush();
      const backupCodes = await issueBackupCodesForFirstFactor(tx, principal.userId, { except: passkey.id });
      return {
        passkey: { id: passkey.id, name: passkey.name, createdAt: passkey.createdAt.toISOString(), lastUsedAt: null },
        backupCodes,
      };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw errors.validation('This passkey is already registered');
    throw error;
  }
}

export async function renamePasskey(
  em: EntityManager,
  principal: SessionPrincipal,
  passkeyId: string,
  name: string,
  meta: RequestMeta,
): Promise<PasskeySummary> {
  return em.transactional(async (tx) => {
    // Another user's passkey id is simply not found.
    const passkey = await tx.findOne(Passkey, { id: passkeyId, user: principal.userId });
    if (!passkey) throw passkeyNotFound();
    const before = passkey.name;
    passkey.name = name;
    recordAudit(tx, {
      action: 'mfa.passkey_renamed',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'passkey',
      targetId: passkey.id,
      metadata: { from: before, to: name },
      ...meta,
    });
    await tx.flush();
    return {
      id: passkey.id,
      name: passkey.name,
      createdAt: passkey.createdAt.toISOString(),
      lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    };
  });
}

/**
 * Removes a passkey; of parallel removals, only the one that deleted the row audits and mails.
 * The last factor of someone whose organisation requires MFA stays.
 */
export async function deletePasskey(em: EntityManager, principal: SessionPrincipal, passkeyId: string, meta: RequestMeta): Promise<void> {
  await em.transactional(async (tx) => {
    await lockFactorsOf(tx, principal.userId);
    const passkey = await tx.findOne(Passkey, { id: passkeyId, user: principal.userId }, { fields: ['name'] });
    if (!passkey) throw passkeyNotFound();
    const deleted = await tx.nativeDelete(Passkey, { id: passkeyId, user: principal.userId });
    if (deleted === 0) throw passkeyNotFound();
    await refuseLosingRequiredMfa(tx, principal);
    // The last factor gone: MFA is off, and the backup codes go with it.
    await dropBackupCodesWithoutFactor(tx, principal.userId);
    recordAudit(tx, {
      action: 'mfa.passkey_removed',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'passkey',
      targetId: passkeyId,
      metadata: { name: passkey.name },
      ...meta,
    });
    await notify(tx, principal.userId, {
      category: 'security',
      type: 'mfa.passkey_removed',
      title: 'A passkey was removed from your account',
      body: `The passkey "${passkey.name}" can no longer be used to sign in to your Gatehouse account. If you did not remove it, change your password and check your security settings.`,
    });
  });
}
