import { Membership, Organization, UniqueConstraintViolationException, User, type EntityManager } from '@gatehouse/db';
import { createSession, type OpeningSession } from '../auth/sessions.js';
import { errors } from '../errors.js';
import { recordAudit } from './audit.js';
import { sendVerificationMail } from './email-verification.js';

export interface RegisterAccountInput {
  email: string;
  passwordHash: string;
  displayName: string;
  orgName: string;
  ip: string | null;
  userAgent: string | null;
  /** Where the verification link points. */
  appOrigin: string;
  session: OpeningSession;
}

/**
 * Creates the user, their organisation (they own it), the membership and their first session,
 * atomically: an account never exists without the session its sign-up promised, nor a session
 * without its account.
 */
export async function registerAccount(em: EntityManager, input: RegisterAccountInput): Promise<{ user: User; token: string }> {
  try {
    return await em.transactional(async (tx) => {
      if (await tx.count(User, { email: input.email })) throw errors.emailTaken();
      const org = tx.create(Organization, { name: input.orgName });
      const user = tx.create(User, {
        email: input.email,
        displayName: input.displayName,
        passwordHash: input.passwordHash,
        timezone: 'UTC',
        locale: 'en',
      });
      tx.create(Membership, { user, organization: org, role: 'owner' });
      await tx.flush();
      recordAudit(tx, {
        action: 'user.signed_up',
        orgId: org.id,
        actorId: user.id,
        via: 'session',
        targetType: 'user',
        targetId: user.id,
        ip: input.ip,
        userAgent: input.userAgent,
      });
      // The address counts only once proven (SPEC §8): the link goes out with the account.
      await sendVerificationMail(tx, user.id, input.appOrigin);
      await tx.flush();
      const { token } = await createSession(tx, input.session.config, {
        userId: user.id,
        ip: input.ip,
        userAgent: input.userAgent,
        sudoUntil: input.session.sudoUntil,
      });
      return { user, token };
    });
  } catch (error) {
    // Two concurrent sign-ups with one email: the unique index decides, the loser gets EMAIL_TAKEN.
    if (error instanceof UniqueConstraintViolationException) throw errors.emailTaken();
    throw error;
  }
}

export interface Credentials {
  userId: string;
  orgId: string | null;
  passwordHash: string;
  suspended: boolean;
}

export async function findCredentials(em: EntityManager, email: string): Promise<Credentials | null> {
  const user = await em.findOne(User, { email }, { fields: ['id', 'passwordHash'] });
  if (!user) return null;
  const membership = await em.findOne(Membership, { user: user.id }, { fields: ['organization', 'kind', 'suspendedAt'] });
  // Service accounts never sign in: their address is as unknown as anyone else's.
  if (membership?.kind === 'service_account') return null;
  return {
    userId: user.id,
    orgId: membership?.organization.id ?? null,
    passwordHash: user.passwordHash,
    suspended: membership?.suspendedAt != null,
  };
}

export async function passwordHashOf(em: EntityManager, userId: string): Promise<string> {
  const user = await em.findOne(User, { id: userId }, { fields: ['passwordHash'] });
  // Erased since this request's session was read (a parallel deletion): the session is gone too.
  if (!user) throw errors.signInRequired();
  return user.passwordHash;
}

/** The organisation a user belongs to (null only for a user caught mid-erasure). */
export async function orgIdOf(em: EntityManager, userId: string): Promise<string | null> {
  const membership = await em.findOne(Membership, { user: userId }, { fields: ['organization'] });
  return membership?.organization.id ?? null;
}
