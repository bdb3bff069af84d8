export { ApiKey, ApiKeySecret } from './api-key.js';
export { AuditEvent, AUDIT_VIA, type AuditVia } from './audit-event.js';
export { Membership, ROLES, type Role } from './membership.js';
export { Organization } from './organization.js';
export { Session } from './session.js';
export { User } from './user.js';

import { ApiKey, ApiKeySecret } from './api-key.js';
import { AuditEvent } from './audit-event.js';
import { Membership } from './membership.js';
import { Organization } from './organization.js';
import { Session } from './session.js';
import { User } from './user.js';

export const entities = [Organization, User, Membership, Session, AuditEvent, ApiKey, ApiKeySecret];
