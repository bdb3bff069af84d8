import { mfaStatusOf, regenerateBackupCodes } from '../../../domain/mfa/status.js';
import { beginTotp, confirmTotp, disableTotp } from '../../../domain/mfa/totp.js';
import { sessionProcedure, sudoProcedure } from '../../../procedures.js';
import { totpConfirmInput } from '../../../schemas/mfa.js';
import { router } from '../../../trpc.js';
import { passkeysRouter } from './passkeys.js';

// SPEC §9: session only. Adding or replacing a factor needs sudo at `begin`; `confirm` only proves
// the app got the secret that `begin` handed out in that same sudo window.
const status = sessionProcedure.query(({ ctx }) => mfaStatusOf(ctx.em, ctx.principal.userId));

const totp = router({
  begin: sudoProcedure.mutation(({ ctx }) => beginTotp(ctx.em, ctx.config, ctx.principal)),
  confirm: sessionProcedure
    .input(totpConfirmInput)
    .mutation(({ ctx, input }) => confirmTotp(ctx.em, ctx.config, ctx.principal, input.code, ctx.meta)),
  disable: sudoProcedure.mutation(({ ctx }) => disableTotp(ctx.em, ctx.principal, ctx.meta)),
});

const backupCodes = router({
  regenerate: sudoProcedure.mutation(({ ctx }) => regenerateBackupCodes(ctx.em, ctx.principal, ctx.meta)),
});

/** Second factors (SPEC §9): every procedure is session only and bound to the caller. */
export const mfaRouter = router({ status, totp, passkeys: passkeysRouter, backupCodes });
