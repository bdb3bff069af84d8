import { z } from 'zod';
import {
  PLAIN_TEXT_MESSAGE,
  cursorField,
  displayNameField,
  emailField,
  isPlainText,
  newPasswordField,
  opaqueIdField,
} from './fields.js';

// Org admin inputs, shared by the server and the admin screens. None carries an organisation id:
// the organisation is always the caller's own.

export const ORG_ROLES = ['owner', 'admin', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<OrgRole, string> = {
  owner: 'Manages members, roles, teams, agents, keys and invitations',
  admin: 'Sees members, teams, keys and the audit log, read-only',
  member: 'Self-service, and the agents of their teams',
};

const id = opaqueIdField;
/** A custom role's id: a UUID, told apart from a misspelt built-in role by its shape (and its type). */
export type RoleId = `${string}-${string}-${string}-${string}-${string}`;
const ROLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const roleIdField = z
  .custom<RoleId>((value) => typeof value === 'string' && ROLE_ID.test(value), 'Choose a role')
  // A custom check has no JSON Schema of its own: describe it for the API reference and OpenAPI.
  .meta({ type: 'string', format: 'uuid', description: "a custom role's id" });
const cursor = cursorField.optional();
const limit = z.number().int().min(1).max(100).default(50);

export const listMembersInput = z
  .object({
    cursor,
    limit,
    /** Case-insensitive prefix of the display name or the email. */
    query: z.string().trim().max(100).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
    teamId: id.optional(),
    role: z.enum(ORG_ROLES).optional(),
    /** Holders of this custom role, org-wide. */
    roleId: id.optional(),
    /** Members with MFA on (a TOTP app or a passkey), or without (SPEC §9). */
    mfa: z.enum(['enabled', 'disabled']).optional(),
  })
  .default({ limit: 50 });
export type ListMembersInput = z.input<typeof listMembersInput>;

export const memberIdInput = z.object({ userId: id });

const orgManagedText = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `${label} is at most 100 characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE)
    .transform((v) => (v === '' ? null : v));

export const updateMemberInput = z.object({
  userId: id,
  displayName: displayNameField.optional(),
  /** Empty or null clears the field. */
  jobTitle: orgManagedText('Job title').nullable().optional(),
  department: orgManagedText('Department').nullable().optional(),
});
export type UpdateMemberInput = z.input<typeof updateMemberInput>;

/** `role`: a built-in role's name, or a custom role's id (SPEC §12). */
export const setRoleInput = z.object({ userId: id, role: z.union([z.enum(ORG_ROLES), roleIdField]) });
export type SetRoleInput = z.infer<typeof setRoleInput>;

export const teamNameField = z
  .string()
  .trim()
  .min(1, 'Enter a team name')
  .max(100, 'Team names are at most 100 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const createTeamInput = z.object({ name: teamNameField });
export const renameTeamInput = z.object({ teamId: id, name: teamNameField });
export const teamIdInput = z.object({ teamId: id });
export const teamMemberInput = z.object({ teamId: id, userId: id });

export const memberKeyIdInput = z.object({ keyId: id });

export const createInvitationInput = z.object({
  email: emailField,
  role: z.enum(ORG_ROLES),
  teamIds: z
    .array(id)
    .max(50, 'At most 50 teams per invitation')
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

export const invitationIdInput = z.object({ invitationId: id });

/** Bounded only: a malformed token is NOT_FOUND like any other dead link, never a validation hint. */
export const invitationTokenField = z.string().trim().min(1).max(128);
export const invitationTokenInput = z.object({ token: invitationTokenField });

export const acceptInvitationInput = z.object({
  token: invitationTokenField,
  displayName: displayNameField,
  password: newPasswordField,
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;

const isoDate = z.iso.datetime({ offset: true, message: 'Use an ISO-8601 date-time' });

export const listAuditInput = z
  .object({
    cursor,
    limit,
    actorId: id.optional(),
    /** An exact action (`team.created`), or a family ending in a dot (`team.`). */
    action: z.string().trim().min(1).max(64).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
    since: isoDate.optional(),
    until: isoDate.optional(),
  })
  .default({ limit: 50 });
export type ListAuditInput = z.input<typeof listAuditInput>;

export const agentNameField = z
  .string()
  .trim()
  .min(1, 'Enter an agent name')
  .max(100, 'Agent names are at most 100 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const createAgentInput = z.object({ teamId: id, name: agentNameField });
export const agentIdInput = z.object({ agentId: id });
