import { updateProfile as applyProfileChanges } from '../../domain/profile.js';
import { permissionProcedure } from '../../procedures.js';
import { updateProfileInput } from '../../schemas/me.js';

export const updateProfile = permissionProcedure('profile:write')
  .input(updateProfileInput)
  .mutation(({ ctx, input }) =>
    applyProfileChanges(ctx.em, ctx.principal, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }),
  );
