import { router } from '../../trpc.js';
import { orgAgentsRouter } from './agents.js';
import { memberApiKeysRouter } from './api-keys.js';
import { auditRouter } from './audit.js';
import { invitationsRouter } from './invitations.js';
import { membersRouter } from './members.js';
import { teamsRouter } from './teams.js';

/**
 * Org admin: admins read (org:read), owners write (org:write). Every procedure works on the
 * caller's own organisation, taken from the principal; no input ever names an organisation.
 */
export const orgAdminRouter = router({
  members: membersRouter,
  teams: teamsRouter,
  apiKeys: memberApiKeysRouter,
  invitations: invitationsRouter,
  audit: auditRouter,
  agents: orgAgentsRouter,
});
