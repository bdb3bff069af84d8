import { createHash, randomBytes } from 'node:crypto';
import { createSession, type OpeningSession } from '../auth/sessions.js';
import {
  Invitation,
  Membership,
  Organization,
  OutboxMail,
  Team,
  TeamMember,
  UniqueConstraintViolationException,
  User,
  newId,
  type EntityManager,
  type Role,
} from '@gatehouse/db';
import { TRPCError } from '@trpc/server';
import { errors } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { recordAudit } from './audit.js';
import { recordAdminAction, type AdminActor } from './audit-log.js';
import type { TeamRef } from './members.js';
import { composeMail } from '../mail/layout.js';
import { queueMail } from './notifications.js';
import { assertMayGrant, resolveRole } from './roles.js';
import type { RequestMeta } from './profile.js';
import { teamNotFound } from './teams.js';

const VALID_DAYS = 7;
const DAY_MS = 86_400_000;

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/**
 * Where the invitation's mail is: `queued` (waiting or being retried), `sent` (accepted by the
 * SMTP server, or in the local outbox without one), `undeliverable` (given up after its last
 * retry: the invitee never got the link). Null for invitations from before this was tracked.
 */
export type InvitationMailStatus = 'queued' | 'sent' | 'undeliverable';

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  /** The invitation's teams that still exist. */
  teams: TeamRef[];
  /** The inviter's user id (an opaque `erased-…` id once they were erased). */
  invitedBy: string | null;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  mailStatus: InvitationMailStatus | null;
}

export const invitationNotFound = (): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: 'No such invitation' });

/** Unknown, expired, revoked and used links all fail alike. */
const invalidLink = (): TRPCError =>
  new TRPCError({ code: 'NOT_FOUND', message: 'This invitation link is invalid, has expired or was already used' });

const hashInvitationToken = (token: string): string => createHash('sha256').update(token).digest('hex');

function statusOf(invitation: Invitation, now = Date.now()): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

type MailState = Pick<OutboxMail, 'sentAt' | 'failedAt'>;

function mailStatusOf(invitation: Invitation, mails: Map<string, MailState>): InvitationMailStatus | null {
  if (!invitation.mailId) return null;
  const mail = mails.get(invitation.mailId);
  // Delivered mail is purged after a while (retention); undelivered mail never is.
  if (!mail || mail.sentAt) return 'sent';
  return mail.failedAt ? 'undeliverable' : 'queued';
}

function invitationView(invitation: Invitation, teams: Map<string, TeamRef>, mails = new Map<string, MailState>()): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    teams: invitation.teamIds.flatMap((id) => teams.get(id) ?? []),
    invitedBy: invitation.invitedBy ?? null,
    status: statusOf(invitation),
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
    mailStatus: mailStatusOf(invitation, mails),
  };
}

async function mailsOf(em: EntityManager, invitations: Invitation[]): Promise<Map<string, MailState>> {
  const ids = invitations.flatMap((i) => i.mailId ?? []);
  const mails = ids.length
    ? await em.find(OutboxMail, { id: { $in: ids } }, { fields: ['id', 'sentAt', 'failedAt'] })
    : [];
  return new Map(mails.map((m) => [m.id, { sentAt: m.sentAt ?? null, failedAt: m.failedAt ?? null }]));
}

async function teamsById(em: EntityManager, orgId: string, ids: string[]): Promise<Map<string, TeamRef>> {
  const teams = ids.length ? await em.find(Team, { id: { $in: ids }, organization: orgId }) : [];
  return new Map(teams.map((t) => [t.id, { id: t.id, name: t.name }]));
}

export interface NewInvitation {
  email: string;
  role: Role;
  teamIds: string[];
}

export interface InvitationRules {
  appOrigin: string;
  /** Pending invitations the organisation may have at once. */
  maxPending: number;
  limits: Pick<RateLimits, 'consume' | 'refund'>;
  /** Whether mail leaves the server (SMTP_URL set); without it the link reaches nobody by itself. */
  mailDelivers: boolean;
}

/**
 * The link, returned once, and whether it was emailed: without SMTP it waits in the local outbox,
 * which the invitee cannot read, so the inviter must pass it on.
 */
export interface IssuedInvitation {
  invitation: InvitationView;
  url: string;
  emailed: boolean;
}

/**
 * Invites someone who is not a member yet. The link's token (256 bits from the CSPRNG) exists
 * only in the returned url and the mail; the database keeps its SHA-256. A newer invitation to
 * the same email supersedes (revokes) a pending older one, so only one link is ever live per
 * person. Each invitation mails an address of the inviter's choosing, so they are rate-limited per
 * organisation and per inviter, and the pending ones are capped.
 */
export async function createInvitation(
  em: EntityManager,
  actor: AdminActor,
  input: NewInvitation,
  rules: InvitationRules,
): Promise<IssuedInvitation> {
  return withInvitationLimits(actor, rules.limits, () => writeInvitation(em, actor, input, rules));
}

async function writeInvitation(
  em: EntityManager,
  actor: AdminActor,
  input: NewInvitation,
  { appOrigin, maxPending, mailDelivers }: InvitationRules,
): Promise<IssuedInvitation> {
  const orgId = actor.principal.orgId;
  return em.transactional(async (tx) => {
    // Inviting someone as an admin or owner hands on that role: no escalation (SPEC §12).
    assertMayGrant(actor, actor.access.org, await resolveRole(tx, orgId, input.role));
    // Only the organisation's own members are refused: the inviter sees them anyway. Whether the
    // address has an account elsewhere is for the invitee to learn, on accepting (SPEC §10).
    if (await tx.count(Membership, { organization: orgId, user: { email: input.email } })) throw errors.emailTaken();
    const teams = await teamsById(tx, orgId, input.teamIds);
    if (teams.size !== input.teamIds.length) throw teamNotFound();

    const now = new Date();
    await assertUnderPendingCap(tx, orgId, input.email, maxPending, now);
    const superseded = await tx.nativeUpdate(
      Invitation,
      { organization: orgId, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { revokedAt: now },
    );
    const token = randomBytes(32).toString('base64url');
    const invitation = tx.create(Invitation, {
      id: newId(),
      organization: orgId,
      email: input.email,
      role: input.role,
      teamIds: input.teamIds,
      tokenHash: hashInvitationToken(token),
      invitedBy: actor.principal.userId,
      expiresAt: new Date(now.getTime() + VALID_DAYS * DAY_MS),
      acceptedAt: null,
      revokedAt: null,
      mailId: null,
    });
    recordAdminAction(tx, actor, {
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: invitation.id,
      metadata: { role: input.role, teamIds: input.teamIds, superseded },
    });

    const url = `${appOrigin}/invite/${token}`;
    const mail = await queueInvitationMail(tx, actor, invitation, url);
    invitation.mailId = mail.id;
    await tx.flush();
    return { invitation: invitationView(invitation, teams, new Map([[mail.id, mail]])), url, emailed: mailDelivers };
  });
}

/** The invitation's mail, from the inviting (or re-sending) member, with the link in it. */
async function queueInvitationMail(tx: EntityManager, actor: AdminActor, invitation: Invitation, url: string): Promise<OutboxMail> {
  const org = await tx.findOneOrFail(Organization, { id: actor.principal.orgId });
  const inviter = await tx.findOneOrFail(User, { id: actor.principal.userId }, { fields: ['displayName'] });
  return queueMail(tx, {
    to: invitation.email,
    ...composeMail({
      subject: `${inviter.displayName} invited you to ${org.name}`,
      orgName: org.name,
      name: null,
      paragraphs: [
        `${inviter.displayName} invited you to join ${org.name} on Gatehouse as ${invitation.role === 'member' ? 'a' : 'an'} ${invitation.role}.`,
      ],
      action: { label: 'Accept the invitation and choose your password', url, expiresAt: invitation.expiresAt },
      why: `${inviter.displayName} entered this address when inviting someone to ${org.name}.`,
      ifNotYou: 'if you did not expect this invitation, ignore this mail: nothing happens unless the link is opened.',
    }),
  });
}

/** Draws on the same limits as a new invitation (each mails an address); a failed attempt is refunded. */
async function withInvitationLimits<T>(actor: AdminActor, limits: InvitationRules['limits'], write: () => Promise<T>): Promise<T> {
  const orgId = actor.principal.orgId;
  const inviterId = actor.principal.userId;
  await limits.consume('invitationOrg', orgId);
  try {
    await limits.consume('invitationInviter', inviterId);
  } catch (refused) {
    await limits.refund('invitationOrg', orgId);
    throw refused;
  }
  try {
    return await write();
  } catch (error) {
    // Nothing was sent: the attempt does not count.
    await limits.refund('invitationOrg', orgId);
    await limits.refund('invitationInviter', inviterId);
    throw error;
  }
}

export const invitationNotResendable = (): TRPCError =>
  new TRPCError({ code: 'CONFLICT', message: 'This invitation was already accepted or revoked: invite the address again instead' });

/**
 * A fresh link for a pending (or expired) invitation, mailed again, and returned once: link
 * tokens are stored hashed, so "copy the link again" can only mean issuing a new one. The old
 * link stops working at once, and the new one is valid for the full period from now. The
 * re-sender must be allowed to grant the invitation's role, since they receive a link that
 * joins as it.
 */
export async function resendInvitation(
  em: EntityManager,
  actor: AdminActor,
  invitationId: string,
  rules: InvitationRules,
): Promise<IssuedInvitation> {
  const orgId = actor.principal.orgId;
  // Unknown or another organisation's: refused before it costs the caller an attempt.
  const found = await em.fork().findOne(Invitation, { id: invitationId, organization: orgId }, { fields: ['id'] });
  if (!found) throw invitationNotFound();
  return withInvitationLimits(actor, rules.limits, () =>
    em.transactional(async (tx) => {
      const invitation = await tx.findOne(Invitation, { id: invitationId, organization: orgId });
      if (!invitation) throw invitationNotFound();
      const status = statusOf(invitation);
      if (status === 'accepted' || status === 'revoked') throw invitationNotResendable();
      assertMayGrant(actor, actor.access.org, await resolveRole(tx, orgId, invitation.role));
      if (await tx.count(Membership, { organization: orgId, user: { email: invitation.email } })) throw errors.emailTaken();

      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      if (status === 'expired') {
        // Coming back to life, it counts against the cap as a new invitation would, and
        // supersedes a newer pending one to the same address: one live link per person.
        await assertUnderPendingCap(tx, orgId, invitation.email, rules.maxPending, now);
        await tx.nativeUpdate(
          Invitation,
          { organization: orgId, email: invitation.email, acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } },
          { revokedAt: now },
        );
      }
      // Conditional on the row still being pending: a concurrent acceptance or revocation wins.
      const reissued = await tx.nativeUpdate(
        Invitation,
        { id: invitation.id, acceptedAt: null, revokedAt: null },
        { tokenHash: hashInvitationToken(token), expiresAt: new Date(now.getTime() + VALID_DAYS * DAY_MS) },
      );
      if (reissued !== 1) throw invitationNotResendable();
      await tx.refresh(invitation);
      recordAdminAction(tx, actor, {
        action: 'invitation.resent',
        targetType: 'invitation',
        targetId: invitation.id,
        // Not the address: the invitation (the target) holds it while it lives, and an audit row
        // naming it could not be found again when its owner is erased (erasure goes by indexed
        // ids, not by searching every row's text).
        metadata: { wasExpired: status === 'expired' },
      });
      const url = `${rules.appOrigin}/invite/${token}`;
      const mail = await queueInvitationMail(tx, actor, invitation, url);
      invitation.mailId = mail.id;
      await tx.flush();
      const teams = await teamsById(tx, orgId, invitation.teamIds);
      return { invitation: invitationView(invitation, teams, new Map([[mail.id, mail]])), url, emailed: rules.mailDelivers };
    }),
  );
}

/**
 * The organisation's pending invitations are capped. One to `email` does not count: a new link
 * to the same person supersedes it, so re-sending never hits the cap.
 */
async function assertUnderPendingCap(tx: EntityManager, orgId: string, email: string, maxPending: number, now: Date): Promise<void> {
  await lockPendingInvitations(tx, orgId);
  const pending = { organization: orgId, acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } };
  if ((await tx.count(Invitation, { ...pending, email: { $ne: email } })) >= maxPending) {
    const [oldest] = await tx.find(Invitation, pending, { orderBy: { expiresAt: 'asc' }, limit: 1, fields: ['expiresAt'] });
    const seconds = Math.max(1, Math.ceil(((oldest?.expiresAt.getTime() ?? now.getTime()) - now.getTime()) / 1000));
    throw errors.tooManyPendingInvitations(maxPending, seconds);
  }
}

/**
 * Serialises the pending-cap check of one organisation's concurrent invitations. SQLite runs one
 * write transaction at a time on its single connection already; PostgreSQL needs the row lock.
 */
async function lockPendingInvitations(tx: EntityManager, orgId: string): Promise<void> {
  if (tx.getPlatform().constructor.name.startsWith('Postgre')) {
    await tx.execute('select id from organization where id = ? for update', [orgId]);
  }
}

/** Every invitation of the organisation, newest first. Never the token or its hash. */
export async function listInvitations(em: EntityManager, orgId: string): Promise<InvitationView[]> {
  const invitations = await em.find(Invitation, { organization: orgId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  const teams = await teamsById(em, orgId, [...new Set(invitations.flatMap((i) => i.teamIds))]);
  const mails = await mailsOf(em, invitations);
  return invitations.map((i) => invitationView(i, teams, mails));
}

/** Revoking an invitation that is no longer pending changes nothing (and audits nothing). */
export async function revokeInvitation(em: EntityManager, actor: AdminActor, invitationId: string): Promise<InvitationView> {
  const orgId = actor.principal.orgId;
  return em.transactional(async (tx) => {
    const invitation = await tx.findOne(Invitation, { id: invitationId, organization: orgId });
    if (!invitation) throw invitationNotFound();
    if (statusOf(invitation) === 'pending') {
      invitation.revokedAt = new Date();
      recordAdminAction(tx, actor, { action: 'invitation.revoked', targetType: 'invitation', targetId: invitation.id });
    }
    return invitationView(invitation, await teamsById(tx, orgId, invitation.teamIds), await mailsOf(tx, [invitation]));
  });
}

async function pendingByToken(em: EntityManager, token: string): Promise<Invitation> {
  const invitation = await em.findOne(
    Invitation,
    { tokenHash: hashInvitationToken(token), acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
    { populate: ['organization'] },
  );
  if (!invitation) throw invalidLink();
  return invitation;
}

export interface InvitationPreview {
  orgName: string;
  email: string;
  role: Role;
  expiresAt: string;
}

/** What the acceptance page shows before asking for a name and password. */
export async function previewInvitation(em: EntityManager, token: string): Promise<InvitationPreview> {
  const invitation = await pendingByToken(em, token);
  return {
    orgName: invitation.organization.name,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

export interface Acceptance {
  token: string;
  displayName: string;
  passwordHash: string;
}

/**
 * Creates the invitee's account in the inviting organisation with the invited role and the teams
 * that still exist, in one transaction. The invitation is claimed with a conditional update, so
 * two concurrent acceptances of one link cannot both succeed.
 */
export async function acceptInvitation(
  em: EntityManager,
  input: Acceptance,
  meta: RequestMeta,
  session: OpeningSession,
): Promise<{ userId: string; token: string }> {
  try {
    return await em.transactional(async (tx) => {
      const invitation = await pendingByToken(tx, input.token);
      const claimed = await tx.nativeUpdate(
        Invitation,
        { id: invitation.id, acceptedAt: null, revokedAt: null },
        { acceptedAt: new Date() },
      );
      if (claimed !== 1) throw invalidLink();
      // Someone signed up with this email since the invitation was sent.
      if (await tx.count(User, { email: invitation.email })) throw errors.emailTaken();

      const orgId = invitation.organization.id;
      const user = tx.create(User, {
        id: newId(),
        email: invitation.email,
        displayName: input.displayName,
        passwordHash: input.passwordHash,
        // The invitation was mailed to this address, and its link opened: that proves it (SPEC §8).
        emailVerifiedAt: new Date(),
        timezone: 'UTC',
        locale: 'en',
      });
      tx.create(Membership, { user, organization: orgId, role: invitation.role });
      const teams = await teamsById(tx, orgId, invitation.teamIds);
      for (const teamId of teams.keys()) tx.create(TeamMember, { team: teamId, user });
      recordAudit(tx, {
        action: 'invitation.accepted',
        orgId,
        actorId: user.id,
        via: 'session',
        targetType: 'invitation',
        targetId: invitation.id,
        metadata: { role: invitation.role, teamIds: [...teams.keys()] },
        ...meta,
      });
      await tx.flush();
      // The account and its first session land together (one transaction), or neither does.
      const { token } = await createSession(tx, session.config, { userId: user.id, sudoUntil: session.sudoUntil, ...meta });
      return { userId: user.id, token };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw errors.emailTaken();
    throw error;
  }
}
