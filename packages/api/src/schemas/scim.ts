import { z } from 'zod';

export const createScimTokenInput = z.object({
  name: z.string().trim().min(1, 'Give the token a name').max(100, 'Names are at most 100 characters'),
});
export type CreateScimTokenInput = z.input<typeof createScimTokenInput>;
export const scimTokenIdInput = z.object({ tokenId: z.string().trim().min(1).max(64) });
