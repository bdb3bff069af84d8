import { describeAccess } from '../../domain/access-view.js';
import { permissionProcedure } from '../../procedures.js';

/** What the caller's roles allow, org-wide and per team (SPEC §12), for the web app's controls. */
export const access = permissionProcedure('profile:read').query(({ ctx }) => describeAccess(ctx.em, ctx.principal));
