import { Badge } from '@gatehouse/ui/badge';
import { roleLabel } from '../lib/roles';
import type { Me } from '../lib/trpc';

// Owners stand out, admins less so, members not at all: the eye finds who can change things.
const variants = { owner: 'default', admin: 'secondary', member: 'outline' } as const;

/** The built-in role, or the custom role held org-wide in its place; suspension shown beside it. */
export function RoleBadge({ role, customRole, suspended }: { role: Me['role']; customRole?: { name: string }; suspended?: boolean }) {
  return (
    <span className="inline-flex items-center gap-1">
      {customRole ? <Badge variant="secondary">{customRole.name}</Badge> : <Badge variant={variants[role]}>{roleLabel(role)}</Badge>}
      {suspended ? <Badge variant="destructive">Suspended</Badge> : null}
    </span>
  );
}
