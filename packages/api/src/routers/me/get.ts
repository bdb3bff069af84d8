import { getProfile } from '../../domain/profile.js';
import { permissionProcedure } from '../../procedures.js';

export const get = permissionProcedure('profile:read').query(({ ctx }) => getProfile(ctx.em, ctx.principal));
