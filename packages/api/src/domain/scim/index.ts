// The SCIM 2.0 service provider's domain (SPEC §11); apps/server maps HTTP onto these.
export { serviceProviderConfig, resourceTypes, schemas } from './discovery.js';
export type { ScimContext } from './context.js';
export { ScimError, scimErrors } from './errors.js';
export { createScimGroup, deleteScimGroup, getScimGroup, listScimGroups, patchScimGroup, replaceScimGroup } from './groups.js';
export { listResponse, SCIM } from './resources.js';
export { authenticateScimToken, type ScimCaller } from './tokens.js';
export { createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser } from './users.js';
