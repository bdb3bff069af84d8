import { router } from '../../trpc.js';
import { acceptInvitation } from './accept-invitation.js';
import { cancelEmailChange, confirmEmailChange } from './email-change-links.js';
import { invitation } from './invitation.js';
import { mfaRouter } from './mfa.js';
import { passkeyRouter } from './passkey.js';
import { requestPasswordReset } from './request-password-reset.js';
import { resetPassword } from './reset-password.js';
import { session } from './session.js';
import { signIn } from './sign-in.js';
import { signOut } from './sign-out.js';
import { signUp } from './sign-up.js';
import { verifyEmail } from './verify-email.js';

export const authRouter = router({
  signUp,
  signIn,
  signOut,
  mfa: mfaRouter,
  session,
  invitation,
  acceptInvitation,
  verifyEmail,
  requestPasswordReset,
  resetPassword,
  confirmEmailChange,
  cancelEmailChange,
  passkey: passkeyRouter,
});
