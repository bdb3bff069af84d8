import { recordAudit } from '../../domain/audit.js';
import { collectExport, openExport, StreamedExport, type ExportDocument } from '../../domain/export.js';
import { permissionProcedure } from '../../procedures.js';

/**
 * A mutation (it is audited and rate-limited, and a GET must never change state). Over HTTP the
 * server asks for a stream (`ctx.streamExport`) and writes the document out as it is read, so a
 * history of any length costs a page of memory; anyone else (the in-process caller, a batch of
 * several calls) gets the document whole.
 */
export const exportData = permissionProcedure('profile:read').mutation(async ({ ctx }): Promise<ExportDocument> => {
  const { principal } = ctx;
  await ctx.rateLimits.consume('export', principal.userId);
  const opened = openExport(ctx.em, principal);
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
  // The stream stands in for the document it writes: clients receive exactly an ExportDocument.
  return ctx.streamExport ? (new StreamedExport(opened) as unknown as ExportDocument) : collectExport(opened);
});
