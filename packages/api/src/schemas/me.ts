import { z } from 'zod';
import { passkeyAuthenticationResponse } from './passkeys.js';
import { totpCodeField } from './mfa.js';
import {
  cursorField,
  displayNameField,
  emailField,
  localeField,
  newPasswordField,
  opaqueIdField,
  passwordField,
  phoneField,
  timezoneField,
} from './fields.js';

/**
 * Only the caller's own self-service fields. zod strips unknown keys, so a smuggled `userId`
 * (or `email`, `role`, `jobTitle`…) never reaches the handler.
 */
export const updateProfileInput = z.object({
  displayName: displayNameField.optional(),
  phone: phoneField.nullable().optional(),
  timezone: timezoneField.optional(),
  locale: localeField.optional(),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const sudoPasswordInput = z.object({ password: passwordField });
/** SPEC §9: the password or a second factor (authenticator code, passkey) opens the sudo window. */
export const sudoEnterInput = z.union([
  sudoPasswordInput,
  z.object({ code: totpCodeField }),
  z.object({ passkeyResponse: passkeyAuthenticationResponse }),
]);
export type SudoEnterInput = z.infer<typeof sudoEnterInput>;

export const changePasswordInput = z.object({
  currentPassword: passwordField,
  newPassword: newPasswordField,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const sessionIdInput = z.object({ sessionId: opaqueIdField });

export const deleteAccountInput = z.object({ password: passwordField });
export type DeleteAccountInput = z.infer<typeof deleteAccountInput>;

/** The password is the step-up here, as in a password change. */
export const changeEmailInput = z.object({ newEmail: emailField, password: passwordField });
export type ChangeEmailInput = z.infer<typeof changeEmailInput>;

export const securityLogInput = z
  .object({ cursor: cursorField.optional(), limit: z.number().int().min(1).max(100).default(30) })
  .default({ limit: 30 });
