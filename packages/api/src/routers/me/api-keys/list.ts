import { listApiKeys } from '../../../domain/api-keys.js';
import { sessionProcedure } from '../../../procedures.js';

export const list = sessionProcedure.query(({ ctx }) => listApiKeys(ctx.em, ctx.principal.userId));
