import { z } from 'zod';
import { displayNameField, emailField, newPasswordField, orgNameField, passwordField } from './fields.js';

export const signUpInput = z.object({
  email: emailField,
  password: newPasswordField,
  displayName: displayNameField,
  orgName: orgNameField,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: emailField,
  password: passwordField,
});
export type SignInInput = z.infer<typeof signInInput>;

/** A mailed link's token (base64url of 32 random bytes); anything else is simply not a link of ours. */
export const linkTokenField = z.string().trim().min(1).max(128);
export const linkTokenInput = z.object({ token: linkTokenField });

export const requestPasswordResetInput = z.object({ email: emailField });
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetInput>;

export const resetPasswordInput = z.object({ token: linkTokenField, newPassword: newPasswordField });
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;
