import { z } from 'zod';

/** Authenticator apps show "123 456": spaces are how the code is read, not part of it. */
export const authenticatorCode = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'));

export const authenticatorCodeForm = z.object({ code: authenticatorCode });

export const backupCodeForm = z.object({
  backupCode: z.string().trim().min(1, 'Enter one of your backup codes'),
});
