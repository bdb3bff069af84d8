import { orgSettingsOf, updateOrgSettings } from '../../domain/mfa/org-policy.js';
import { orgPermissionProcedure, orgSudoProcedure } from '../../procedures.js';
import { orgSettingsInput } from '../../schemas/mfa.js';
import { router } from '../../trpc.js';

// SPEC §9: admins read the policy; owners change it, in sudo, and only once they have MFA themselves.
const get = orgPermissionProcedure('members:read').query(({ ctx }) => orgSettingsOf(ctx.em, ctx.principal.orgId));
const update = orgSudoProcedure('settings:write')
  .input(orgSettingsInput)
  .mutation(({ ctx, input }) => updateOrgSettings(ctx.em, ctx.principal, input, ctx.meta));

export const settingsRouter = router({ get, update });
