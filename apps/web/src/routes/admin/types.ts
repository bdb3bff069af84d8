import type { RouterOutputs } from '../../lib/trpc';

// The admin screens' view of the API, inferred from the router so they change with it.

type OrgAdmin = RouterOutputs['orgAdmin'];

export type Member = OrgAdmin['members']['get'];
export type Team = OrgAdmin['teams']['list'][number];
export type MemberKey = OrgAdmin['apiKeys']['list'][number];
export type Invitation = OrgAdmin['invitations']['list'][number];
export type AuditItem = OrgAdmin['audit']['list']['items'][number];
export type RoleView = OrgAdmin['roles']['list'][number];
export type ServiceAccount = OrgAdmin['serviceAccounts']['list'][number];
export type ScimToken = OrgAdmin['scim']['tokens']['list'][number];
