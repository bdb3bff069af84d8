import type { AuditItem } from '../types';

/**
 * The action families of the filter; a trailing dot asks the server for the whole family. Every
 * action the API records belongs to one (invitation.resent to `invitation.`, the two-factor
 * events to `mfa.`, the MFA policy switch to `org.`), so none is reachable only by its exact name.
 */
export const ACTION_FAMILIES = [
  { value: 'member.', label: 'Members' },
  { value: 'team.', label: 'Teams' },
  { value: 'agent.', label: 'Agents' },
  { value: 'invitation.', label: 'Invitations' },
  { value: 'api_key.', label: 'API keys' },
  { value: 'user.', label: 'Accounts and sign-ins' },
  { value: 'session.', label: 'Sessions' },
  { value: 'sudo.', label: 'Password confirmations' },
  { value: 'mfa.', label: 'Two-factor authentication' },
  { value: 'profile.', label: 'Profiles' },
  { value: 'role.', label: 'Roles' },
  { value: 'service_account.', label: 'Service accounts' },
  { value: 'scim_token.', label: 'SCIM tokens' },
  { value: 'org.', label: 'Organisation settings' },
  { value: 'security.', label: 'Refused requests' },
] as const;

export type ActorLabel = { name: string; detail?: string };

/**
 * Who did it. A missing actor is the system itself (e.g. a key-expiry reminder); an id without a
 * current member behind it is someone whose account was erased, and the log keeps only that id.
 */
export function actorLabel(item: AuditItem): ActorLabel {
  if (item.actor) return { name: item.actor.displayName, detail: item.actor.email };
  if (item.actorId === null || item.via === 'system') return { name: 'System' };
  // SCIM operations are the identity provider's, through one of the organisation's tokens.
  if (item.via === 'scim') return { name: 'Identity provider', detail: pickString(item.metadata, ['token']) };
  if (item.via === 'serviceAccount') return { name: 'Service account' };
  return { name: 'Deleted user' };
}

const TARGET_TYPES: Record<string, string> = {
  user: 'Member',
  team: 'Team',
  agent: 'Agent',
  api_key: 'API key',
  invitation: 'Invitation',
  role: 'Role',
  service_account: 'Service account',
  scim_token: 'SCIM token',
};

/**
 * What was acted on: its kind, and its name when known. A member's name comes from `memberNames`
 * (the page's member list), since the log itself stores only ids for people; a team, agent or
 * key carries its name in the row's metadata (a renamed team its new name).
 */
export function targetLabel(item: AuditItem, memberNames: ReadonlyMap<string, string>): string {
  if (!item.targetType) return '—';
  const type = TARGET_TYPES[item.targetType] ?? item.targetType.replace(/_/g, ' ');
  const name =
    item.targetType === 'user'
      ? item.targetId && memberNames.get(item.targetId)
      : item.targetType === 'invitation'
        ? item.invitedEmail
        : pickString(item.metadata, item.targetType === 'team' ? ['to', 'name'] : ['name']);
  return name ? `${type} “${name}”` : type;
}

/** Metadata as short "key: value" pairs for the row's details line; nested values are left out. */
export function metadataSummary(metadata: AuditItem['metadata']): string {
  if (!metadata) return '';
  return Object.entries(metadata)
    // Ids mean nothing to a reader, and "superseded: 0" style zeros say nothing happened.
    .filter(([key, value]) => !key.endsWith('Id') && !key.endsWith('Ids') && isShown(value) && value !== 0 && value !== false)
    .map(([key, value]) => `${key}: ${String(value as string | number | boolean)}`)
    .join(' · ');
}

const isShown = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

function pickString(metadata: AuditItem['metadata'], keys: string[]): string | undefined {
  for (const key of keys) {
    const value = metadata?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}
