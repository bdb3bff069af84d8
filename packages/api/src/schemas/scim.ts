import { z } from 'zod';
import { PLAIN_TEXT_MESSAGE, isPlainText, opaqueIdField } from './fields.js';

export const createScimTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the token a name')
    .max(100, 'Names are at most 100 characters')
    .refine(isPlainText, PLAIN_TEXT_MESSAGE),
});
export type CreateScimTokenInput = z.input<typeof createScimTokenInput>;
export const scimTokenIdInput = z.object({ tokenId: opaqueIdField });
