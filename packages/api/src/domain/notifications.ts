import {
  Membership,
  Notification,
  NotificationPreference,
  NOTIFICATION_CATEGORIES,
  OutboxMail,
  User,
  newId,
  type EntityManager,
  type NotificationCategory,
} from '@gatehouse/db';
import { composeMail } from '../mail/layout.js';

import { MAIL_JOB } from '../mail/deliver-mail.js';
import { enqueueJob } from '../jobs/queue.js';

export interface ChannelPreference {
  category: NotificationCategory;
  email: boolean;
  inApp: boolean;
}

/** What a user gets until they choose otherwise. Product news stays out of the inbox by mail. */
export const DEFAULT_PREFERENCES: Record<NotificationCategory, { email: boolean; inApp: boolean }> = {
  security: { email: true, inApp: true },
  api_keys: { email: true, inApp: true },
  teams: { email: true, inApp: true },
  organization: { email: true, inApp: true },
  product: { email: false, inApp: true },
};

/** Security mail cannot be switched off: it is how a user learns their account is under attack. */
export const LOCKED: { category: NotificationCategory; channel: 'email' }[] = [{ category: 'security', channel: 'email' }];

export async function preferencesOf(em: EntityManager, userId: string): Promise<ChannelPreference[]> {
  const rows = await em.find(NotificationPreference, { user: userId });
  return NOTIFICATION_CATEGORIES.map((category) => {
    const row = rows.find((r) => r.category === category);
    const chosen = row ? { email: row.email, inApp: row.inApp } : DEFAULT_PREFERENCES[category];
    return { category, ...chosen, email: category === 'security' ? true : chosen.email };
  });
}

export async function setPreferences(em: EntityManager, userId: string, changes: ChannelPreference[]): Promise<void> {
  await em.transactional(async (tx) => {
    for (const change of changes) {
      const row = await tx.findOne(NotificationPreference, { user: userId, category: change.category });
      if (row) Object.assign(row, { email: change.email, inApp: change.inApp });
      else tx.create(NotificationPreference, { user: userId, ...change });
    }
  });
}

export interface NotificationEvent {
  category: NotificationCategory;
  /** Machine-readable kind, e.g. `api_key.created`. */
  type: string;
  title: string;
  body: string;
}

/**
 * Records an event for a user: an in-app notification and/or a mail in the outbox, as their
 * preferences say. Joins the caller's unit of work, so it commits (or not) with the action; the
 * mail is sent by the job runner after the commit (mail/deliver-mail.ts).
 */
export async function notify(em: EntityManager, userId: string, event: NotificationEvent): Promise<void> {
  const prefs = (await preferencesOf(em, userId)).find((p) => p.category === event.category)!;
  if (prefs.inApp) {
    em.create(Notification, { user: userId, ...event, readAt: null });
  }
  if (!prefs.email) return;
  const user = await em.findOneOrFail(User, { id: userId }, { fields: ['email', 'displayName', 'emailVerifiedAt'] });
  // Until the address is proven, only security mail goes to it (SPEC §8): it may be someone else's.
  if (event.category !== 'security' && !user.emailVerifiedAt) return;
  queueMail(em, {
    to: user.email,
    userId,
    ...composeMail({
      subject: event.title,
      orgName: await orgNameOf(em, userId),
      name: user.displayName,
      paragraphs: [event.body],
      why:
        event.category === 'security'
          ? 'this is security mail about your account, which is always sent.'
          : 'you chose to get mail about this. You can change that in Gatehouse under Notifications.',
      ifNotYou: event.category === 'security' ? 'change your password now, or reset it from the sign-in page.' : 'you can ignore this mail.',
    }),
  });
}

/** The name of the organisation a user belongs to, for the mail they get. */
export async function orgNameOf(em: EntityManager, userId: string): Promise<string | null> {
  const membership = await em.findOne(Membership, { user: userId }, { populate: ['organization'] });
  return membership?.organization.name ?? null;
}

const MAX_SUBJECT = 200;

/**
 * Puts a mail in the outbox and its delivery job in the queue, both in the caller's unit of work:
 * they commit with the action or not at all, and a job runner sends the mail afterwards (never
 * the request). Also for someone who has no account yet (an invitation).
 */
export function queueMail(em: EntityManager, mail: { to: string; subject: string; text: string; userId?: string }): OutboxMail {
  const queued = em.create(OutboxMail, {
    id: newId(),
    user: mail.userId ?? null,
    toAddress: mail.to,
    // The column holds 200 characters; names in a subject (a 100-character inviter, a
    // 120-character organisation) can make it longer, and PostgreSQL would refuse the row.
    subject: mail.subject.length > MAX_SUBJECT ? `${mail.subject.slice(0, MAX_SUBJECT - 1)}…` : mail.subject,
    text: mail.text,
    sentAt: null,
    attempts: 0,
    lastError: null,
    messageId: null,
    failedAt: null,
  });
  enqueueJob(em, { kind: MAIL_JOB, payload: { mailId: queued.id }, key: `mail:${queued.id}` });
  return queued;
}
