import { z } from 'zod';
import { cursorField, opaqueIdField } from './fields.js';

export const NOTIFICATION_CATEGORY_VALUES = ['security', 'api_keys', 'teams', 'organization', 'product'] as const;

export const CATEGORY_LABELS: Record<(typeof NOTIFICATION_CATEGORY_VALUES)[number], { title: string; description: string }> = {
  security: { title: 'Security', description: 'New sign-ins and password changes. Email cannot be turned off.' },
  api_keys: { title: 'API keys', description: 'Keys created, rotated, deleted or about to expire.' },
  teams: { title: 'Teams', description: 'When you are added to or removed from a team.' },
  organization: { title: 'Organisation', description: 'Changes to your role.' },
  product: { title: 'Product news', description: 'New features and announcements.' },
};

export const updatePreferencesInput = z.object({
  preferences: z
    .array(z.object({ category: z.enum(NOTIFICATION_CATEGORY_VALUES), email: z.boolean(), inApp: z.boolean() }))
    .min(1)
    .max(NOTIFICATION_CATEGORY_VALUES.length)
    .refine((list) => new Set(list.map((p) => p.category)).size === list.length, 'Each category at most once')
    .refine(
      (list) => list.every((p) => p.category !== 'security' || p.email),
      'Security email cannot be switched off',
    ),
});
export type UpdatePreferencesInput = z.infer<typeof updatePreferencesInput>;

export const listNotificationsInput = z
  .object({
    cursor: cursorField.optional(),
    limit: z.number().int().min(1).max(100).default(20),
    unreadOnly: z.boolean().default(false),
  })
  .default({ limit: 20, unreadOnly: false });

export const markReadInput = z
  .object({ ids: z.array(opaqueIdField).max(100).optional(), all: z.boolean().optional() })
  .refine((v) => (v.ids?.length ?? 0) > 0 || v.all === true, 'Pass ids or all: true');
