import { router } from '../../../trpc.js';
import { passkeysRouter } from './passkeys.js';

/** Second factors (SPEC §9): every procedure is session only and bound to the caller. */
export const mfaRouter = router({
  passkeys: passkeysRouter,
});
