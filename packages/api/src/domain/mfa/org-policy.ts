import { LockMode, Membership, MfaTotp, Organization, Passkey, Session, User, type EntityManager } from '@gatehouse/db';
import { errors } from '../../errors.js';
import { recordAudit } from '../audit.js';
import { memberNotFound } from '../members.js';
import type { Principal, SessionPrincipal } from '../principal.js';
import type { RequestMeta } from '../profile.js';
import { hasSecondFactor } from '../second-factors.js';
import { dropBackupCodes } from './backup-codes.js';
import { recordMfaEvent } from './record-mfa-event.js';

/**
 * What a person without MFA may still reach in an organisation that requires it (SPEC §9): who
 * they are, enrolment itself, the step-up that enrolment needs, and signing out. Nothing else.
 */
export function allowedBeforeEnrolment(path: string): boolean {
  return path === 'me.get' || path.startsWith('me.mfa.') || path.startsWith('me.sudo.');
}

/**
 * Whether the principal's organisation requires MFA and this person has none yet. Read afresh
 * on every request, so enrolling (or the owner switching the policy) is felt on the very next one.
 * Service accounts cannot hold a factor: the policy is about people.
 */
export async function mustEnrolMfa(
  em: EntityManager,
  principal: Pick<Principal, 'userId' | 'orgId' | 'via' | 'orgRequiresMfa'>,
): Promise<boolean> {
  if (principal.via === 'serviceAccount') return false;
  // Read with the credential on the request path (no statement of its own); looked up otherwise.
  const requires = principal.orgRequiresMfa ?? (await em.findOne(Organization, { id: principal.orgId }, { fields: ['requireMfa'] }))?.requireMfa;
  if (!requires) return false;
  return !(await hasSecondFactor(em, principal.userId));
}

/**
 * Makes one person's factor removals take turns until the transaction ends. Without it, on
 * PostgreSQL, two removals of someone's last two factors would each still see the other's factor
 * and both pass `refuseLosingRequiredMfa`. (SQLite runs one writing transaction at a time, and
 * knex leaves the locking clause out there.)
 */
export async function lockFactorsOf(tx: EntityManager, userId: string): Promise<void> {
  await tx.findOneOrFail(User, { id: userId }, { fields: ['id'], lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * Called inside a factor removal's transaction, after the delete (and after `lockFactorsOf`): if
 * that left the person without MFA in an organisation that requires it, the removal is refused
 * and rolls back. Otherwise they would fall straight into the enrolment gate, and an attacker
 * holding their session could strip the account back to a password alone.
 */
export async function refuseLosingRequiredMfa(tx: EntityManager, principal: SessionPrincipal): Promise<void> {
  // The policy as it is now, inside the removal's transaction, not as the request began.
  if (await mustEnrolMfa(tx, { ...principal, orgRequiresMfa: undefined })) throw errors.lastFactorUnderPolicy();
}

export async function orgSettingsOf(em: EntityManager, orgId: string): Promise<{ requireMfa: boolean }> {
  const org = await em.findOneOrFail(Organization, { id: orgId }, { fields: ['requireMfa'] });
  return { requireMfa: org.requireMfa };
}

/** Turning the policy on needs the owner's own MFA first: nobody requires what they do not do. */
export async function updateOrgSettings(
  em: EntityManager,
  actor: Pick<Principal, 'userId' | 'orgId' | 'via'>,
  changes: { requireMfa?: boolean | undefined },
  meta: RequestMeta,
): Promise<{ requireMfa: boolean }> {
  return em.transactional(async (tx) => {
    const org = await tx.findOneOrFail(Organization, { id: actor.orgId });
    if (changes.requireMfa !== undefined && changes.requireMfa !== org.requireMfa) {
      if (changes.requireMfa && !(await hasSecondFactor(tx, actor.userId))) throw errors.ownerNeedsMfa();
      org.requireMfa = changes.requireMfa;
      recordAudit(tx, {
        action: 'org.settings_updated',
        orgId: actor.orgId,
        actorId: actor.userId,
        via: actor.via === 'apiKey' ? 'apiKey' : 'session',
        targetType: 'organization',
        targetId: actor.orgId,
        metadata: { requireMfa: changes.requireMfa },
        ...meta,
      });
    }
    await tx.flush();
    return { requireMfa: org.requireMfa };
  });
}

/**
 * An owner removes a member's factors (a lost phone): the authenticator app, passkeys and backup
 * codes go, every session of theirs ends (whoever holds one may hold the phone too), and they
 * are mailed. Another organisation's member is NOT_FOUND, like an unknown id.
 */
export async function resetMemberMfa(
  em: EntityManager,
  actor: Pick<Principal, 'userId' | 'orgId'>,
  userId: string,
  meta: RequestMeta,
): Promise<{ ok: true; sessionsRevoked: number }> {
  return em.transactional(async (tx) => {
    const member = await tx.findOne(Membership, { user: userId, organization: actor.orgId, kind: 'person' }, { fields: ['id'] });
    if (!member) throw memberNotFound();
    const totp = await tx.nativeDelete(MfaTotp, { user: userId });
    const passkeys = await tx.nativeDelete(Passkey, { user: userId });
    await dropBackupCodes(tx, userId);
    const sessionsRevoked = await tx.nativeDelete(Session, { user: userId });
    await recordMfaEvent(
      tx,
      {
        action: 'mfa.reset_by_owner',
        userId,
        orgId: actor.orgId,
        actorId: actor.userId,
        via: 'session',
        metadata: { totpRemoved: totp > 0, passkeysRemoved: passkeys, sessionsRevoked },
        notice: {
          title: 'Your two-factor authentication was reset',
          body: 'An owner of your organisation removed the second factors of your Gatehouse account (authenticator app, passkeys and backup codes) and signed out every session. Sign in with your password and set up two-factor authentication again. If you did not ask for this, tell your organisation’s owners.',
        },
      },
      meta,
    );
    await tx.flush();
    return { ok: true as const, sessionsRevoked };
  });
}

/** Which of these users have MFA on (for the member list), in one query per factor kind. */
export async function usersWithMfa(em: EntityManager, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const totp = await em.find(MfaTotp, { user: { $in: userIds }, secret: { $ne: null } }, { fields: ['user'] });
  const passkeys = await em.find(Passkey, { user: { $in: userIds } }, { fields: ['user'] });
  return new Set([...totp.map((t) => t.user.id), ...passkeys.map((p) => p.user.id)]);
}
