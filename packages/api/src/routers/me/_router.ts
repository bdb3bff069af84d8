import { router } from '../../trpc.js';
import { apiKeysRouter } from './api-keys/_router.js';
import { get } from './get.js';
import { sudoRouter } from './sudo.js';
import { updateProfile } from './update-profile.js';

/** Self-service: every procedure is bound to the caller; no input ever names a user. */
export const meRouter = router({
  get,
  updateProfile,
  sudo: sudoRouter,
  apiKeys: apiKeysRouter,
});
