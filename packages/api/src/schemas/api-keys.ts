import { z } from 'zod';
import { PLAIN_TEXT_MESSAGE, isPlainText, opaqueIdField } from './fields.js';

export const API_KEY_SCOPES = ['profile:read', 'profile:write', 'agents:read', 'org:read', 'org:write'] as const;

export const SCOPE_DESCRIPTIONS: Record<(typeof API_KEY_SCOPES)[number], string> = {
  'profile:read': 'Read your profile and export your data',
  'profile:write': 'Change your profile',
  'agents:read': "See your teams' agents",
  'org:read': "Read your organisation's members, teams and audit log (admins and owners)",
  'org:write': 'Manage members, teams and invitations (owners)',
};

const keyId = opaqueIdField;

export const createApiKeyInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the key a name')
    .max(100, 'Names are at most 100 characters')
    .refine(isPlainText, PLAIN_TEXT_MESSAGE),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, 'Choose at least one scope')
    // Bounded before anything walks it: each scope once at most.
    .max(API_KEY_SCOPES.length, `At most ${API_KEY_SCOPES.length} scopes`)
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z.number().int().min(1, 'Keys last at least 1 day').max(365, 'Keys last at most 365 days'),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export const rotateApiKeyInput = z.object({
  keyId,
  /** How long the previous secret keeps working: default 24 h, 0 = at once, at most 7 days. */
  gracePeriodSeconds: z.number().int().min(0).max(7 * 86_400).default(86_400),
});
export type RotateApiKeyInput = z.input<typeof rotateApiKeyInput>;

export const apiKeyIdInput = z.object({ keyId });
