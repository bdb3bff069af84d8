import { z } from 'zod';
import { passkeyAuthenticationResponse } from './passkeys.js';

/** Six digits from an authenticator app; spaces (as some apps show "123 456") are dropped. */
export const totpCodeField = z
  .string()
  .max(32)
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^[0-9]{6}$/, 'Enter the 6-digit code from your authenticator app'));

/** A backup code as printed (groups of four, any case, dashes or not). */
export const backupCodeField = z.string().trim().min(1, 'Enter a backup code').max(64, 'That is not a backup code');

export const totpConfirmInput = z.object({ code: totpCodeField });
export type TotpConfirmInput = z.infer<typeof totpConfirmInput>;

/** `auth.mfa.verify`: one way of proving the second factor: a code, a backup code or a passkey. */
export const mfaCodeInput = z.object({ code: totpCodeField });
export const mfaBackupCodeInput = z.object({ backupCode: backupCodeField });
export const mfaPasskeyInput = z.object({ passkeyResponse: passkeyAuthenticationResponse });
export const mfaVerifyInput = z.union([mfaCodeInput, mfaBackupCodeInput, mfaPasskeyInput]);
export type MfaVerifyInput = z.infer<typeof mfaVerifyInput>;
/** The typed proofs (a passkey has its own path: domain/mfa/passkey-second-factor.ts). */
export type MfaCodeProof = z.infer<typeof mfaCodeInput> | z.infer<typeof mfaBackupCodeInput>;

/** `orgAdmin.settings.update`: the organisation's MFA policy. */
export const orgSettingsInput = z.object({ requireMfa: z.boolean().optional() });
