import type { Reason } from '../errors.js';
import type { LimitName } from '../rate-limits.js';

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CatalogueEntry {
  /** One sentence for the reference and the OpenAPI operation. */
  summary: string;
  /** Rate limits the call draws on (DEFAULT_LIMITS names the numbers). */
  limits?: readonly LimitName[];
  /** Reasons the procedure's own logic raises, beyond those its builder and input imply. */
  reasons?: readonly Reason[];
  /**
   * `METHOD /path` under /api, for the procedures an API key may call: GET for queries, any
   * other method for mutations; `{name}` segments are input fields.
   */
  rest?: `${RestMethod} /${string}`;
}

/** Whom each rate limit counts. */
export const LIMIT_SUBJECT: Record<LimitName, string> = {
  signUp: 'per client IP',
  signIn: 'per email and client IP',
  signInIp: 'per client IP, failed sign-ins to any email',
  sudo: 'per user, failed password checks only',
  keyMint: 'per user, creations and rotations together',
  export: 'per user',
  deletion: 'per user',
  scim: 'per SCIM token',
  invitationOrg: 'per organisation',
  invitationInviter: 'per inviting member',
  denialAudit: 'per actor (or client IP) and reason: not a limit on callers, one audit row a minute for refused requests',
  verificationMail: 'per user',
  passwordResetByEmail: 'per email address',
  passwordResetByIp: 'per client IP',
  mfaPendingSignIn: 'per pending sign-in (or password reset), failed second factors only',
  mfaUser: 'per user, failed second factors at sign-in or reset only',
};

/**
 * Every procedure's entry in the API reference and, for those an API key may call, its REST
 * route: the one table behind docs/api.md, /api/openapi.json and the /api routes. Who may call a
 * procedure is not written here: it comes from the procedure's builder (procedure-meta.ts).
 * tooling/api-reference's test fails when a procedure is missing here or the docs are stale.
 */
export const CATALOGUE: Record<string, CatalogueEntry> = {
  // auth: a person at a browser
  'auth.signUp': {
    summary: 'Creates a user, their organisation (they are its owner) and a session with the sudo window open.',
    limits: ['signUp'],
    reasons: ['EMAIL_TAKEN'],
  },
  'auth.signIn': {
    summary: 'Opens a session (new token, sudo window open), or answers `{mfaRequired: true, methods}` and no session when the account has a second factor. Unknown email and wrong password answer alike.',
    limits: ['signIn', 'signInIp'],
    reasons: ['INVALID_CREDENTIALS', 'ACCOUNT_SUSPENDED'],
  },
  'auth.signOut': { summary: 'Ends the current session and clears its cookie.' },
  'auth.session': {
    summary:
      "Whether this browser is signed in: none, active, or ended (its cookie names a session that was revoked or expired; the cookie is cleared). Never a refusal for a missing session.",
  },
  'auth.invitation': { summary: 'Previews an invitation from its link token (organisation, email, role); NOT_FOUND once invalid.' },
  'auth.acceptInvitation': {
    summary: 'Creates the invited account in the inviting organisation and signs it in; the token is single-use.',
    limits: ['signUp'],
    reasons: ['EMAIL_TAKEN'],
  },
  'auth.mfa.verify': {
    summary: 'The second step of a sign-in or password reset that answered `{mfaRequired: true}`, from the same browser: an authenticator code, a backup code (single use) or a passkey (after `auth.mfa.passkeyOptions`).',
    limits: ['mfaPendingSignIn', 'mfaUser'],
    reasons: ['INVALID_MFA_CODE', 'MFA_REQUIRED'],
  },
  'auth.mfa.passkeyOptions': {
    summary: "WebAuthn request options for `auth.mfa.verify {passkeyResponse}`: the pending account's passkeys only, the challenge bound to this browser's pending step.",
    reasons: ['MFA_REQUIRED'],
  },
  'auth.verifyEmail': {
    summary: 'Proves the address a verification link was mailed to, if it is still the account’s; the token is single-use (24 h).',
    reasons: ['INVALID_TOKEN'],
  },
  'auth.requestPasswordReset': {
    summary: 'Mails a single-use reset link (1 h); the same answer and the same work whether or not the address has an account.',
    limits: ['passwordResetByIp', 'passwordResetByEmail'],
  },
  'auth.resetPassword': {
    summary: 'Sets a new password from a reset link, ends every session and proves the address; `{mfaRequired: true}` when a factor is due first.',
    reasons: ['INVALID_TOKEN'],
  },
  'auth.confirmEmailChange': {
    summary: 'Moves the account to the new address its confirmation link was mailed to (and proves it).',
    reasons: ['INVALID_TOKEN', 'EMAIL_TAKEN'],
  },
  'auth.cancelEmailChange': {
    summary: '“This wasn’t me” from the old address: cancels or undoes the change, ends every session, answers a reset token.',
    reasons: ['INVALID_TOKEN'],
  },
  'auth.passkey.options': {
    summary: 'Begins a passwordless sign-in: WebAuthn request options (user verification required), the challenge bound to this browser by a 5-minute cookie.',
  },
  'auth.passkey.signIn': {
    summary: 'Signs in with a passkey alone (it counts as two factors): a new session with the sudo window open. The challenge is single-use.',
    limits: ['signInIp'],
    reasons: ['INVALID_CREDENTIALS', 'ACCOUNT_SUSPENDED'],
  },

  // me: self-service, bound to the caller
  'me.get': { summary: 'Your profile, organisation, teams, role and coarse permissions.', rest: 'GET /me' },
  'me.access': { summary: 'What your roles allow, org-wide and per team.', rest: 'GET /me/access' },
  'me.updateProfile': { summary: 'Changes your display name, phone, time zone or locale.', rest: 'PATCH /me' },
  'me.changePassword': {
    summary: 'Sets a new password after checking the current one; every other session ends.',
    limits: ['sudo'],
    reasons: ['INVALID_CREDENTIALS'],
  },
  'me.mfa.status': { summary: 'Whether MFA is on: the authenticator app, passkeys and how many backup codes are left.' },
  'me.mfa.totp.begin': { summary: 'Starts setting up an authenticator app: a new secret and its otpauth URL (kept pending until confirmed).' },
  'me.mfa.totp.confirm': {
    summary: 'Confirms the pending authenticator app with a code from it; answers a fresh set of ten backup codes, shown once.',
    reasons: ['INVALID_MFA_CODE'],
  },
  'me.mfa.totp.disable': {
    summary:
      'Removes the authenticator app; with no other factor left, the backup codes go too. Refused (412) when it is your last factor and your organisation requires MFA.',
    reasons: ['MFA_REQUIRED'],
  },
  'me.mfa.backupCodes.regenerate': { summary: 'A new set of ten backup codes, shown once; the old set stops working.' },
  'me.sessions.list': { summary: 'Your live sessions, the current one marked.' },
  'me.sessions.revoke': { summary: 'Ends one of your sessions.' },
  'me.sessions.revokeOthers': { summary: 'Ends every session of yours but this one.' },
  'me.sudo.status': { summary: "Whether this session's step-up window is open, and until when." },
  'me.sudo.enter': {
    summary: 'Opens the step-up window for this session (fixed length, new session token) with the password, an authenticator code or a passkey.',
    limits: ['sudo'],
    reasons: ['INVALID_CREDENTIALS', 'INVALID_MFA_CODE'],
  },
  'me.sudo.passkeyOptions': {
    summary: 'WebAuthn request options for `me.sudo.enter {passkeyResponse}`: only your passkeys, the challenge bound to this session.',
  },
  'me.mfa.passkeys.registrationOptions': {
    summary: 'Begins adding a passkey: WebAuthn creation options (discoverable, user verification required), the challenge bound to this session.',
  },
  'me.mfa.passkeys.register': {
    summary: "Adds the passkey that answered this session's challenge; the account's first factor comes with its backup codes.",
    reasons: ['VALIDATION'],
  },
  'me.mfa.passkeys.rename': { summary: 'Renames one of your passkeys.' },
  'me.mfa.passkeys.delete': {
    summary: 'Removes one of your passkeys; you are mailed. Refused (412) when it is your last factor and your organisation requires MFA.',
    reasons: ['MFA_REQUIRED'],
  },
  'me.notifications.preferences': { summary: 'Email and in-app settings per notification category.', rest: 'GET /me/notifications/preferences' },
  'me.notifications.updatePreferences': {
    summary: 'Changes notification settings; security email stays on.',
    rest: 'PUT /me/notifications/preferences',
  },
  'me.notifications.list': { summary: 'Your in-app notifications, newest first, with the unread count.', rest: 'GET /me/notifications' },
  'me.notifications.markRead': { summary: 'Marks the given notifications (or all) as read.', rest: 'POST /me/notifications/read' },
  'me.apiKeys.list': { summary: 'Your API keys: metadata and rotation state, never a secret.' },
  'me.apiKeys.create': {
    summary: 'Mints an API key with scopes and an expiry; the secret is returned this once. Needs a proven address.',
    limits: ['keyMint'],
    reasons: ['EMAIL_UNVERIFIED'],
  },
  'me.apiKeys.rotate': {
    summary: 'Issues a new secret for a key; the old one lives on for the grace period.',
    limits: ['keyMint'],
  },
  'me.apiKeys.completeRotation': { summary: "Ends a rotating key's previous secret now." },
  'me.apiKeys.delete': { summary: 'Revokes one of your keys at once.' },
  'me.exportData': { summary: 'Your own data as one `gatehouse-export/v1` JSON document (audited).', limits: ['export'], rest: 'POST /me/export' },
  'me.deleteAccount': {
    summary: 'Erases your account; the password in the call is the step-up.',
    limits: ['deletion', 'sudo'],
    reasons: ['INVALID_CREDENTIALS', 'SOLE_OWNER'],
  },
  'me.changeEmail': {
    summary: 'Mails a confirmation link to the new address and a notice with a “this wasn’t me” link to the current one.',
    limits: ['sudo'],
    reasons: ['INVALID_CREDENTIALS'],
  },
  'me.resendVerification': {
    summary: 'Mails a new verification link (the older one stops working); `{sent: false}` once the address is proven.',
    limits: ['verificationMail'],
  },
  'me.securityLog': { summary: 'Your own sign-ins, failures, step-ups, key, password and email events, with IP and device.' },
  'me.outbox': { summary: 'Development mailbox: mail sent to you while no SMTP server is configured.' },

  // agents: the team-scoped resource
  'agents.list': { summary: "The agents of your current teams (owners: all of the organisation's).", rest: 'GET /agents' },
  'agents.get': { summary: 'One agent you can see; NOT_FOUND otherwise.', rest: 'GET /agents/{agentId}' },

  // orgAdmin: the caller's own organisation
  'orgAdmin.members.list': { summary: 'Members, filtered and paged by cursor.', rest: 'GET /org/members' },
  'orgAdmin.members.resetMfa': {
    summary: "Removes a member's second factors (authenticator app, passkeys, backup codes) and ends every session of theirs; they are mailed.",
  },
  'orgAdmin.settings.get': { summary: 'The organisation policy: whether every member must use MFA.', rest: 'GET /org/settings' },
  'orgAdmin.settings.update': {
    summary: 'Sets whether every member must use MFA; turning it on needs your own MFA first.',
    reasons: ['MFA_REQUIRED'],
  },
  'orgAdmin.members.get': { summary: 'One member with teams and roles.', rest: 'GET /org/members/{userId}' },
  'orgAdmin.members.update': { summary: "Changes a member's display name, job title or department.", rest: 'PATCH /org/members/{userId}' },
  'orgAdmin.members.setRole': {
    summary: "Sets a member's org-wide role: a built-in role or a custom role's id.",
    reasons: ['LAST_OWNER'],
    rest: 'PUT /org/members/{userId}/role',
  },
  'orgAdmin.members.remove': {
    summary: "Removes a member and erases their account; yourself excluded (use me.deleteAccount).",
    reasons: ['LAST_OWNER'],
    rest: 'DELETE /org/members/{userId}',
  },
  'orgAdmin.teams.list': { summary: 'Teams with their members.', rest: 'GET /org/teams' },
  'orgAdmin.teams.create': { summary: 'Creates a team (names are unique in the organisation).', rest: 'POST /org/teams' },
  'orgAdmin.teams.rename': { summary: 'Renames a team.', rest: 'PATCH /org/teams/{teamId}' },
  'orgAdmin.teams.delete': { summary: 'Deletes a team and its agents.', rest: 'DELETE /org/teams/{teamId}' },
  'orgAdmin.teams.addMember': { summary: 'Adds a member to a team.', rest: 'PUT /org/teams/{teamId}/members/{userId}' },
  'orgAdmin.teams.removeMember': { summary: 'Takes a member out of a team.', rest: 'DELETE /org/teams/{teamId}/members/{userId}' },
  'orgAdmin.teams.setMemberRole': {
    summary: 'Gives a member a custom role within one team (null takes it away).',
    rest: 'PUT /org/teams/{teamId}/members/{userId}/role',
  },
  'orgAdmin.apiKeys.list': { summary: "A member's API keys: metadata only.", rest: 'GET /org/members/{userId}/api-keys' },
  'orgAdmin.apiKeys.delete': { summary: "Revokes a member's key; its owner is notified.", rest: 'DELETE /org/api-keys/{keyId}' },
  'orgAdmin.invitations.create': {
    summary: 'Invites an email with a role and teams; returns the link once and mails it.',
    limits: ['invitationOrg', 'invitationInviter'],
    reasons: ['EMAIL_TAKEN', 'EMAIL_UNVERIFIED'],
    rest: 'POST /org/invitations',
  },
  'orgAdmin.invitations.list': { summary: 'Pending invitations.', rest: 'GET /org/invitations' },
  'orgAdmin.invitations.resend': {
    summary:
      'Issues a fresh link for a pending or expired invitation (valid for the full period again), mails it and returns it once; the old link stops working at once.',
    limits: ['invitationOrg', 'invitationInviter'],
    reasons: ['EMAIL_TAKEN', 'EMAIL_UNVERIFIED'],
    rest: 'POST /org/invitations/{invitationId}/resend',
  },
  'orgAdmin.invitations.revoke': { summary: 'Revokes a pending invitation.', rest: 'DELETE /org/invitations/{invitationId}' },
  'orgAdmin.audit.list': { summary: 'The audit log, newest first, filtered and paged by cursor.', rest: 'GET /org/audit-events' },
  'orgAdmin.agents.create': { summary: 'Creates an agent in a team.', rest: 'POST /org/agents' },
  'orgAdmin.agents.delete': { summary: 'Deletes an agent.', rest: 'DELETE /org/agents/{agentId}' },
  'orgAdmin.roles.list': { summary: 'Built-in and custom roles with their permissions.', rest: 'GET /org/roles' },
  'orgAdmin.roles.create': { summary: 'Creates a custom role from permissions you hold yourself.', rest: 'POST /org/roles' },
  'orgAdmin.roles.update': { summary: "Changes a custom role's name, description or permissions.", rest: 'PATCH /org/roles/{roleId}' },
  'orgAdmin.roles.delete': { summary: 'Deletes a custom role; its holders return to the member role.', rest: 'DELETE /org/roles/{roleId}' },
  'orgAdmin.serviceAccounts.list': { summary: "The organisation's service accounts.", rest: 'GET /org/service-accounts' },
  'orgAdmin.serviceAccounts.get': { summary: 'One service account with its keys.', rest: 'GET /org/service-accounts/{serviceAccountId}' },
  'orgAdmin.serviceAccounts.create': { summary: 'Creates a service account with a role (never owner) and teams.', rest: 'POST /org/service-accounts' },
  'orgAdmin.serviceAccounts.update': {
    summary: "Changes a service account's name, role, teams or whether it is enabled.",
    rest: 'PATCH /org/service-accounts/{serviceAccountId}',
  },
  'orgAdmin.serviceAccounts.delete': {
    summary: 'Deletes a service account; its keys stop working at once.',
    rest: 'DELETE /org/service-accounts/{serviceAccountId}',
  },
  'orgAdmin.serviceAccounts.keys.create': {
    summary: 'Mints a key for a service account, within its role and your rights; secret shown once.',
    limits: ['keyMint'],
    reasons: ['EMAIL_UNVERIFIED'],
  },
  'orgAdmin.serviceAccounts.keys.rotate': { summary: "Issues a new secret for a service account's key.", limits: ['keyMint'] },
  'orgAdmin.serviceAccounts.keys.completeRotation': { summary: "Ends a service-account key's previous secret now." },
  'orgAdmin.serviceAccounts.keys.delete': { summary: "Revokes a service account's key." },
  'orgAdmin.scim.tokens.list': { summary: 'SCIM tokens: metadata only.', rest: 'GET /org/scim-tokens' },
  'orgAdmin.scim.tokens.create': { summary: 'Mints a SCIM token for an identity provider; secret shown once.' },
  'orgAdmin.scim.tokens.revoke': { summary: 'Revokes a SCIM token at once.', rest: 'DELETE /org/scim-tokens/{tokenId}' },
};
