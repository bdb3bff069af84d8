import { changePasswordInput } from '@gatehouse/api/schemas';
import { z } from 'zod';

/**
 * The API's `changePasswordInput` plus what only the browser can check: the new password typed
 * twice alike. The confirmation never leaves the page (`toInput` drops it).
 */
export const changePasswordFormSchema = changePasswordInput
  .extend({ confirmPassword: z.string().min(1, 'Type your new password again') })
  .refine((values) => values.newPassword === values.confirmPassword, {
    path: ['confirmPassword'],
    message: "The passwords don't match",
  })
  .refine((values) => values.newPassword !== values.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from your current one',
  });

export type ChangePasswordFormValues = z.infer<typeof changePasswordFormSchema>;

export const emptyChangePasswordForm: ChangePasswordFormValues = {
  currentPassword: '',
  newPassword: '',
  confirmPassword: '',
};

export function toInput({ currentPassword, newPassword }: ChangePasswordFormValues) {
  return { currentPassword, newPassword };
}
