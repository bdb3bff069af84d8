import { z } from 'zod';
import { PLAIN_TEXT_MESSAGE, isPlainText, opaqueIdField } from './fields.js';

// Custom roles and the permission catalogue, shared by the server and the roles editor.

/** SPEC §12: the fine-grained permissions an organisation's roles are built from. */
export const ORG_PERMISSIONS = [
  'members:read',
  'members:write',
  'roles:assign',
  'teams:read',
  'teams:write',
  'agents:read',
  'agents:write',
  'invitations:write',
  'member-keys:read',
  'member-keys:delete',
  'audit:read',
  'settings:write',
  'service-accounts:write',
  'scim:manage',
] as const;
export type OrgPermission = (typeof ORG_PERMISSIONS)[number];

/**
 * Permissions that still mean something when a role is held within one team: they reach that
 * team, its members and its agents. The others are organisation-wide by nature and a
 * team-scoped assignment does not confer them.
 */
export const TEAM_SCOPABLE_PERMISSIONS: readonly OrgPermission[] = [
  'members:read',
  'members:write',
  'roles:assign',
  'teams:read',
  'teams:write',
  'agents:read',
  'agents:write',
  'member-keys:read',
  'member-keys:delete',
];

export interface PermissionGroup {
  label: string;
  permissions: { permission: OrgPermission; description: string }[];
}

/** The roles editor shows permissions in these groups, each with what it allows. */
export const PERMISSION_GROUPS: PermissionGroup[] = [
  {
    label: 'Members',
    permissions: [
      { permission: 'members:read', description: 'See members, their teams and details' },
      { permission: 'members:write', description: "Edit members' details and remove members" },
      { permission: 'roles:assign', description: 'Create roles and give members roles (never beyond your own permissions)' },
      { permission: 'invitations:write', description: 'Invite people and revoke invitations' },
    ],
  },
  {
    label: 'Teams and agents',
    permissions: [
      { permission: 'teams:read', description: 'See teams and who is in them' },
      { permission: 'teams:write', description: 'Create, rename and delete teams; add and remove their members' },
      { permission: 'agents:read', description: 'See agents (org-wide: every team’s; in a team: that team’s)' },
      { permission: 'agents:write', description: 'Create and delete agents' },
    ],
  },
  {
    label: 'Keys and audit',
    permissions: [
      { permission: 'member-keys:read', description: "See members' API key metadata (never secrets)" },
      { permission: 'member-keys:delete', description: "Revoke members' API keys" },
      { permission: 'audit:read', description: 'Read the audit log' },
    ],
  },
  {
    label: 'Organisation',
    permissions: [
      { permission: 'settings:write', description: "Change the organisation's settings" },
      { permission: 'service-accounts:write', description: 'Manage service accounts and their keys' },
      { permission: 'scim:manage', description: 'Manage SCIM provisioning tokens' },
    ],
  },
];

const id = opaqueIdField;

export const roleNameField = z
  .string()
  .trim()
  .min(1, 'Give the role a name')
  .max(60, 'Role names are at most 60 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE)
  .refine((name) => !['owner', 'admin', 'member'].includes(name.toLowerCase()), 'Built-in roles already use this name');

export const roleDescriptionField = z
  .string()
  .trim()
  .max(300, 'Descriptions are at most 300 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

const permissionsField = z
  .array(z.enum(ORG_PERMISSIONS))
  .max(ORG_PERMISSIONS.length)
  .transform((permissions) => ORG_PERMISSIONS.filter((p) => permissions.includes(p)));

export const createRoleInput = z.object({
  name: roleNameField,
  description: roleDescriptionField.default(''),
  permissions: permissionsField,
});
export type CreateRoleInput = z.input<typeof createRoleInput>;

export const updateRoleInput = z.object({
  roleId: id,
  name: roleNameField.optional(),
  description: roleDescriptionField.optional(),
  permissions: permissionsField.optional(),
});
export type UpdateRoleInput = z.input<typeof updateRoleInput>;

export const roleIdInput = z.object({ roleId: id });

/** A built-in role name, or a custom role's id. */
export const roleRefField = z.union([z.enum(['owner', 'admin', 'member']), id]);

export const setTeamMemberRoleInput = z.object({ teamId: id, userId: id, roleId: id.nullable() });
export type SetTeamMemberRoleInput = z.input<typeof setTeamMemberRoleInput>;
