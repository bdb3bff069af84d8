import { requestEmailChange } from '../../domain/email-change.js';
import { sessionProcedure } from '../../procedures.js';
import { changeEmailInput } from '../../schemas/me.js';
import { confirmPassword } from './confirm-password.js';

/** The password is the step-up; the change itself waits for the new address to be confirmed. */
export const changeEmail = sessionProcedure.input(changeEmailInput).mutation(async ({ ctx, input }) => {
  await confirmPassword(ctx, input.password);
  return requestEmailChange(ctx.em, ctx.principal, input.newEmail, ctx.config.appOrigin, {
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
});
