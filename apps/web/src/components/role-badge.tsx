import { Badge } from '@gatehouse/ui/badge';
import { roleLabel } from '../lib/roles';
import type { Me } from '../lib/trpc';

// Owners stand out, admins less so, members not at all: the eye finds who can change things.
const variants = { owner: 'default', admin: 'secondary', member: 'outline' } as const;

export function RoleBadge({ role }: { role: Me['role'] }) {
  return <Badge variant={variants[role]}>{roleLabel(role)}</Badge>;
}
