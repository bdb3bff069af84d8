import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId } from '../ids.js';
import { User } from './user.js';

export const NOTIFICATION_CATEGORIES = ['security', 'api_keys', 'teams', 'organization', 'product'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** A user's explicit choice for one category; categories without a row use the defaults. */
export const NotificationPreference = defineEntity({
  name: 'NotificationPreference',
  tableName: 'notification_preference',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    category: p.enum([...NOTIFICATION_CATEGORIES]),
    email: p.boolean(),
    inApp: p.boolean(),
  }),
  uniques: [{ properties: ['user', 'category'] }],
});
export type NotificationPreference = InferEntity<typeof NotificationPreference>;

/** An in-app notification. */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    category: p.enum([...NOTIFICATION_CATEGORIES]),
    type: p.string().length(64),
    title: p.string().length(200),
    body: p.text(),
    readAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['user', 'id'] }, { properties: ['user', 'readAt'] }],
});
export type Notification = InferEntity<typeof Notification>;

/**
 * Mail waiting to go out (transactional outbox): written in the same transaction as the event,
 * delivered after commit. Without SMTP it is the local development mailbox.
 */
export const OutboxMail = defineEntity({
  name: 'OutboxMail',
  tableName: 'outbox_mail',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(() => newId()),
    /** The recipient's account, when they have one: erased with it. */
    user: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    toAddress: p.string().length(254),
    subject: p.string().length(200),
    text: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    attempts: p.integer(),
    lastError: p.string().length(500).nullable(),
    /** The Message-ID every attempt sends, fixed before the first: receivers can drop a repeat. */
    messageId: p.string().length(255).nullable(),
    /** Set when delivery was given up (the job went dead): shown, never silently dropped. */
    failedAt: p.datetime().nullable(),
  }),
  indexes: [{ properties: ['sentAt', 'createdAt'] }, { properties: ['toAddress'] }],
});
export type OutboxMail = InferEntity<typeof OutboxMail>;
