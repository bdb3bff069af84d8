import { listAuditEvents } from '../../domain/audit-log.js';
import { orgPermissionProcedure } from '../../procedures.js';
import { listAuditInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';

// Read-only by design: the audit trail has no procedure that changes or deletes a row.
const list = orgPermissionProcedure('audit:read')
  .input(listAuditInput)
  .query(({ ctx, input }) => listAuditEvents(ctx.em, ctx.principal.orgId, input));

export const auditRouter = router({ list });
