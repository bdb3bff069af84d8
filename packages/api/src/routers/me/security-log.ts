import { listSecurityLog } from '../../domain/security-log.js';
import { sessionProcedure } from '../../procedures.js';
import { securityLogInput } from '../../schemas/me.js';

/** The caller's own security events, with where they came from. Sessions only, as with sessions.list. */
export const securityLog = sessionProcedure
  .input(securityLogInput)
  .query(({ ctx, input }) => listSecurityLog(ctx.em, ctx.principal.userId, input));
