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
