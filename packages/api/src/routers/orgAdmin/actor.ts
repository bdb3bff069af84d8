import type { Context } from '../../context.js';
import type { AdminActor } from '../../domain/audit-log.js';
import type { Principal } from '../../domain/principal.js';

/** The acting principal and where the request came from, as every audited admin action needs. */
export const actorOf = (ctx: Context & { principal: Principal }): AdminActor => ({
  principal: ctx.principal,
  meta: { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
});
