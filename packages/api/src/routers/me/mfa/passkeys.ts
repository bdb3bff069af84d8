import { beginPasskeyRegistration, deletePasskey, registerPasskey, renamePasskey } from '../../../domain/passkeys.js';
import { sessionProcedure, sudoProcedure } from '../../../procedures.js';
import { passkeyIdInput, registerPasskeyInput, renamePasskeyInput } from '../../../schemas/passkeys.js';
import { router } from '../../../trpc.js';

/** Adding a credential is a credential operation: sudo to start it, the same session to finish. */
const registrationOptions = sudoProcedure.mutation(({ ctx }) => beginPasskeyRegistration(ctx.em, ctx.config, ctx.principal));

const register = sessionProcedure
  .input(registerPasskeyInput)
  .mutation(({ ctx, input }) => registerPasskey(ctx.em, ctx.config, ctx.principal, input, ctx.meta));

const rename = sessionProcedure
  .input(renamePasskeyInput)
  .mutation(({ ctx, input }) => renamePasskey(ctx.em, ctx.principal, input.passkeyId, input.name, ctx.meta));

const remove = sudoProcedure.input(passkeyIdInput).mutation(async ({ ctx, input }) => {
  await deletePasskey(ctx.em, ctx.principal, input.passkeyId, ctx.meta);
  return { ok: true as const };
});

/** The caller's own passkeys (SPEC §9). Interactive sessions only. */
export const passkeysRouter = router({ registrationOptions, register, rename, delete: remove });
