import { router } from '../../trpc.js';
import { orgAgentsRouter } from './agents.js';
import { memberApiKeysRouter } from './api-keys.js';
import { auditRouter } from './audit.js';
import { invitationsRouter } from './invitations.js';
import { membersRouter } from './members.js';
import { rolesRouter } from './roles.js';
import { scimRouter } from './scim.js';
import { settingsRouter } from './settings.js';
import { serviceAccountsRouter } from './service-accounts/_router.js';
import { teamsRouter } from './teams.js';

/**
 * Org admin: each procedure needs one fine-grained permission (SPEC §12; admins hold the reads,
 * owners everything, custom roles what they list). Every procedure works on the caller's own
 * organisation, taken from the principal; no input ever names an organisation.
 */
export const orgAdminRouter = router({
  members: membersRouter,
  teams: teamsRouter,
  apiKeys: memberApiKeysRouter,
  invitations: invitationsRouter,
  audit: auditRouter,
  agents: orgAgentsRouter,
  roles: rolesRouter,
  serviceAccounts: serviceAccountsRouter,
  scim: scimRouter,
  settings: settingsRouter,
});
