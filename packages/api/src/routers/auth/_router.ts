import { router } from '../../trpc.js';
import { acceptInvitation } from './accept-invitation.js';
import { invitation } from './invitation.js';
import { signIn } from './sign-in.js';
import { signOut } from './sign-out.js';
import { signUp } from './sign-up.js';

export const authRouter = router({
  signUp,
  signIn,
  signOut,
  invitation,
  acceptInvitation,
});
