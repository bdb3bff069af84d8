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
  try {
    // The head is read before the audit row is written and before the server commits a status:
    // an export that fails up to its first byte is answered as an error, claims no export in the
    // audit log and gives its allowance back, as if it had not been asked for.
    await opened.head();
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
  } catch (error) {
    // Counted in the same store that is failing (limits in the database, the database away), the
    // point may not come back: the user then loses one of their five, and still gets this error.
    await ctx.rateLimits.refund('export', principal.userId).catch(() => undefined);
    throw error;
  }
  // The stream stands in for the document it writes: clients receive exactly an ExportDocument.
  return ctx.streamExport ? ((await StreamedExport.afterHead(opened)) as unknown as ExportDocument) : collectExport(opened);
});
