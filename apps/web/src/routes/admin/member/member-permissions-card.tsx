import { PERMISSION_GROUPS, type OrgPermission } from '@gatehouse/api/schemas';
import { Badge } from '@gatehouse/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { roleLabel } from '../../../lib/roles';
import { trpc } from '../../../lib/trpc';
import type { Member, RoleView } from '../types';

/** Where one permission comes from: the org-wide role, or a role held within one team. */
type Source = { label: string; team: boolean };

function sourcesOf(member: Member, roles: RoleView[]): Map<OrgPermission, Source[]> {
  const byId = new Map(roles.map((r) => [r.id, r]));
  const sources = new Map<OrgPermission, Source[]>();
  const add = (permissions: readonly OrgPermission[], source: Source) => {
    for (const p of permissions) sources.set(p, [...(sources.get(p) ?? []), source]);
  };
  const orgRole = byId.get(member.customRole?.id ?? member.role);
  if (orgRole) add(orgRole.permissions, { label: `${member.customRole?.name ?? roleLabel(member.role)} (org-wide)`, team: false });
  for (const team of member.teams) {
    const role = team.role ? byId.get(team.role.id) : undefined;
    if (role && team.role) add(role.permissions, { label: `${team.role.name} in ${team.name}`, team: true });
  }
  return sources;
}

/** The member's effective permissions, grouped as the roles editor groups them, each with its source. */
export function MemberPermissionsCard({ member }: { member: Member }) {
  const roles = trpc.orgAdmin.roles.list.useQuery();
  const sources = roles.data ? sourcesOf(member, roles.data) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Effective permissions</CardTitle>
        <CardDescription>
          What {member.displayName} may do beyond self-service and their teams' agents, and which role gives it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!sources ? (
          <p className="text-sm text-muted-foreground">{roles.isError ? "We couldn't load the roles." : 'Loading…'}</p>
        ) : sources.size === 0 ? (
          <p className="text-sm text-muted-foreground">None: self-service, and the agents of their teams.</p>
        ) : (
          <dl aria-label={`Effective permissions of ${member.displayName}`} className="grid gap-2 text-sm">
            {PERMISSION_GROUPS.flatMap((g) => g.permissions)
              .filter(({ permission }) => sources.has(permission))
              .map(({ permission, description }) => (
                <div key={permission} className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <dt className="font-mono">{permission}</dt>
                  <dd className="flex flex-wrap items-center gap-1 text-muted-foreground">
                    <span className="sr-only">{description}. From:</span>
                    {sources.get(permission)!.map((s) => (
                      <Badge key={s.label} variant={s.team ? 'outline' : 'secondary'}>
                        {s.label}
                      </Badge>
                    ))}
                  </dd>
                </div>
              ))}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}
