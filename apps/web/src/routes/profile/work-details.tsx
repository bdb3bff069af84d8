import { Badge } from '@gatehouse/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Building2 } from 'lucide-react';
import { roleLabel } from '../../lib/roles';
import type { Me } from '../../lib/trpc';

/** Fields an owner sets for the member; shown here so people know where they come from. */
export function WorkDetails({ me }: { me: Me }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Building2 aria-hidden className="size-4 text-muted-foreground" />
          Organisation
        </CardTitle>
        <CardDescription>Managed by your organisation. Ask an owner if something here is wrong.</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
          <Detail term="Organisation" value={me.org.name} />
          <div className="grid gap-1">
            <dt className="text-sm font-medium">Role</dt>
            <dd>
              <Badge variant={me.role === 'member' ? 'secondary' : 'default'}>{roleLabel(me.role)}</Badge>
            </dd>
          </div>
          <Detail term="Job title" note="Managed by your organisation" value={me.jobTitle} />
          <Detail term="Department" note="Managed by your organisation" value={me.department} />
          <div className="grid gap-1 sm:col-span-2">
            <dt className="text-sm font-medium">Teams</dt>
            <dd className="flex flex-wrap gap-2 text-sm">
              {me.teams.length > 0 ? (
                me.teams.map((team) => (
                  <Badge key={team.id} variant="outline">
                    {team.name}
                  </Badge>
                ))
              ) : (
                <span className="text-muted-foreground">You aren't in any team yet.</span>
              )}
            </dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}

function Detail({ term, note, value }: { term: string; note?: string; value: string | null }) {
  return (
    <div className="grid gap-1">
      <dt className="text-sm font-medium">
        {term}
        {note ? <span className="ml-2 text-xs font-normal text-muted-foreground">{note}</span> : null}
      </dt>
      <dd className="text-sm">{value ?? <span className="text-muted-foreground">Not set</span>}</dd>
    </div>
  );
}
