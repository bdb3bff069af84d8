import { startExport, type ExportDocument } from '../../domain/export.js';
import { permissionProcedure } from '../../procedures.js';

/**
 * A mutation (it is audited and rate-limited, and a GET must never change state). Over HTTP the
 * server asks for a stream (`ctx.streamExport`) and writes the document out as it is read, so a
 * history of any length costs a page of memory; anyone else (the in-process caller, a batch of
 * several calls) gets the document whole. The stream stands in for the document it writes:
 * clients receive exactly an ExportDocument.
 */
export const exportData = permissionProcedure('profile:read').mutation(
  async ({ ctx }) => (await startExport(ctx.em, ctx.rateLimits, ctx.principal, ctx.meta, ctx.streamExport)) as ExportDocument,
);
