import type { Context } from '../../context.js';
import type { AdminActor } from '../../domain/audit-log.js';
import type { Access } from '../../domain/effective-permissions.js';
import type { Principal } from '../../domain/principal.js';

/** The acting principal, what it holds, and where the request came from, as every audited admin action needs. */
export const actorOf = (ctx: Context & { principal: Principal; access: Access }): AdminActor => ({
  principal: ctx.principal,
  access: ctx.access,
  meta: { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
});
