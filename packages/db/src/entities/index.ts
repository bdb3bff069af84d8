export { ApiKey, ApiKeySecret } from './api-key.js';
export { AuditEvent, AUDIT_VIA, type AuditVia } from './audit-event.js';
export { Invitation } from './invitation.js';
export { LinkToken, LINK_TOKEN_KINDS, type LinkTokenKind } from './link-token.js';
export { Job, JOB_STATES, type JobState } from './job.js';
export { MfaBackupCode, MfaPendingSignIn, MfaTotp, PENDING_SIGN_IN_PURPOSES, type PendingSignInPurpose } from './mfa.js';
export { Membership, MEMBER_KINDS, ROLES, type MemberKind, type Role } from './membership.js';
export {
  Notification,
  NotificationPreference,
  NOTIFICATION_CATEGORIES,
  OutboxMail,
  type NotificationCategory,
} from './notification.js';
export { Organization } from './organization.js';
export { Passkey, WebAuthnChallenge, WEBAUTHN_PURPOSES, type WebAuthnPurpose } from './passkey.js';
export { OrgRole } from './org-role.js';
export { ScimToken } from './scim-token.js';
export { Session } from './session.js';
export { Agent, Team, TeamMember } from './team.js';
export { User } from './user.js';

import { ApiKey, ApiKeySecret } from './api-key.js';
import { AuditEvent } from './audit-event.js';
import { Invitation } from './invitation.js';
import { LinkToken } from './link-token.js';
import { Job } from './job.js';
import { Membership } from './membership.js';
import { MfaBackupCode, MfaPendingSignIn, MfaTotp } from './mfa.js';
import { Notification, NotificationPreference, OutboxMail } from './notification.js';
import { Organization } from './organization.js';
import { Passkey, WebAuthnChallenge } from './passkey.js';
import { OrgRole } from './org-role.js';
import { ScimToken } from './scim-token.js';
import { Session } from './session.js';
import { Agent, Team, TeamMember } from './team.js';
import { User } from './user.js';

export const entities = [
  Organization,
  User,
  Membership,
  Session,
  AuditEvent,
  ApiKey,
  ApiKeySecret,
  NotificationPreference,
  Notification,
  OutboxMail,
  Team,
  TeamMember,
  Agent,
  Invitation,
  OrgRole,
  ScimToken,
  LinkToken,
  Job,
  Passkey,
  WebAuthnChallenge,
  MfaTotp,
  MfaBackupCode,
  MfaPendingSignIn,
];
