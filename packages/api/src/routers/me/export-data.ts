import { recordAudit } from '../../domain/audit.js';
import { exportAccount } from '../../domain/export.js';
import { permissionProcedure } from '../../procedures.js';

/** A mutation (it is audited and rate-limited, and a GET must never change state). */
export const exportData = permissionProcedure('profile:read').mutation(async ({ ctx }) => {
  const { principal } = ctx;
  await ctx.rateLimits.consume('export', principal.userId);
  const document = await exportAccount(ctx.em, principal);
  recordAudit(ctx.em, {
    action: 'user.data_exported',
    orgId: principal.orgId,
    actorId: principal.userId,
    via: principal.via,
    targetType: 'user',
    targetId: principal.userId,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  await ctx.em.flush();
  return document;
});
