import { router } from '../../trpc.js';
import { access } from './access.js';
import { apiKeysRouter } from './api-keys/_router.js';
import { changeEmail } from './change-email.js';
import { changePassword } from './change-password.js';
import { deleteAccount } from './delete-account.js';
import { exportData } from './export-data.js';
import { mfaRouter } from './mfa/_router.js';
import { notificationsRouter } from './notifications/_router.js';
import { outbox } from './outbox.js';
import { resendVerification } from './resend-verification.js';
import { securityLog } from './security-log.js';
import { sessionsRouter } from './sessions/_router.js';
import { get } from './get.js';
import { sudoRouter } from './sudo.js';
import { updateProfile } from './update-profile.js';

/** Self-service: every procedure is bound to the caller; no input ever names a user. */
export const meRouter = router({
  get,
  access,
  updateProfile,
  changePassword,
  changeEmail,
  sessions: sessionsRouter,
  sudo: sudoRouter,
  mfa: mfaRouter,
  notifications: notificationsRouter,
  apiKeys: apiKeysRouter,
  exportData,
  deleteAccount,
  outbox,
  resendVerification,
  securityLog,
});
