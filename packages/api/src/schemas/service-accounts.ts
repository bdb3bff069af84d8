import { z } from 'zod';
import { createApiKeyInput, rotateApiKeyInput } from './api-keys.js';
import { PLAIN_TEXT_MESSAGE, isPlainText, opaqueIdField } from './fields.js';
import { roleIdField } from './org-admin.js';

// Service accounts: org-owned identities for automation (SPEC §12).

const id = opaqueIdField;

export const serviceAccountNameField = z
  .string()
  .trim()
  .min(1, 'Give the service account a name')
  .max(100, 'Names are at most 100 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

/** Never `owner`: an organisation's owners are people; a custom role can carry any permission instead. */
export const serviceAccountRoleField = z.union([z.enum(['admin', 'member']), roleIdField]);

const teamIds = z
  .array(id)
  .max(50, 'At most 50 teams')
  .transform((ids) => [...new Set(ids)]);

export const createServiceAccountInput = z.object({
  name: serviceAccountNameField,
  role: serviceAccountRoleField,
  teamIds: teamIds.default([]),
});
export type CreateServiceAccountInput = z.input<typeof createServiceAccountInput>;

export const serviceAccountIdInput = z.object({ serviceAccountId: id });

export const updateServiceAccountInput = z.object({
  serviceAccountId: id,
  name: serviceAccountNameField.optional(),
  role: serviceAccountRoleField.optional(),
  teamIds: teamIds.optional(),
});
export type UpdateServiceAccountInput = z.input<typeof updateServiceAccountInput>;

export const createServiceAccountKeyInput = createApiKeyInput.extend({ serviceAccountId: id });
export type CreateServiceAccountKeyInput = z.input<typeof createServiceAccountKeyInput>;
export const rotateServiceAccountKeyInput = rotateApiKeyInput.extend({ serviceAccountId: id });
export const serviceAccountKeyIdInput = z.object({ serviceAccountId: id, keyId: id });
