import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { FormField } from '@gatehouse/ui/form-field';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { Spinner } from '@gatehouse/ui/spinner';
import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import type { Member } from '../types';
import { RemoveFromTeamButton } from '../remove-from-team-button';
import { useTeamMembership, type TeamMembership } from '../use-team-membership';

/** teams:write adds and removes, in each team where it is held (org-wide, or that team's role). */
export function MemberTeamsCard({ member }: { member: Member }) {
  const access = useAccess();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const membership = useTeamMembership(() => headingRef.current?.focus());

  return (
    <Card>
      <CardHeader>
        <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
          Teams
        </CardTitle>
        <CardDescription>{member.displayName} can use the agents of these teams.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        {member.teams.length === 0 ? (
          <p className="text-sm text-muted-foreground">Not in any team yet.</p>
        ) : (
          <ul aria-label={`Teams of ${member.displayName}`} className="divide-y rounded-lg border">
            {member.teams.map((team) => (
              <li key={team.id} className="flex items-center justify-between gap-4 px-4 py-2.5">
                <Link to={`/admin/teams/${team.id}`} className="truncate text-sm font-medium hover:underline">
                  {team.name}
                </Link>
                {access.inTeam('teams:write', team.id) ? (
                  <RemoveFromTeamButton team={team} member={member} membership={membership} label={`Remove from ${team.name}`} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {access.anywhere('teams:write') ? (
          <AddToTeam member={member} membership={membership} canAddTo={(teamId) => access.inTeam('teams:write', teamId)} />
        ) : null}
      </CardContent>
    </Card>
  );
}

type AddToTeamProps = { member: Member; membership: TeamMembership; canAddTo: (teamId: string) => boolean };

function AddToTeam({ member, membership, canAddTo }: AddToTeamProps) {
  const teams = trpc.orgAdmin.teams.list.useQuery();
  const [teamId, setTeamId] = useState('');
  const joined = new Set(member.teams.map((team) => team.id));
  const available = teams.data?.filter((team) => !joined.has(team.id) && canAddTo(team.id)) ?? [];
  const chosen = available.find((team) => team.id === teamId);

  const add = async () => {
    if (!chosen) return;
    const done = await membership.add(
      { teamId: chosen.id, userId: member.userId },
      `${member.displayName} was added to ${chosen.name}`,
    );
    if (done) setTeamId('');
  };

  if (teams.data && available.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {teams.data.length === 0 ? (
          <>
            There are no teams yet. <Link to="/admin/teams" className="font-medium text-primary hover:underline">Create one</Link>{' '}
            first.
          </>
        ) : teams.data.every((team) => joined.has(team.id)) ? (
          `${member.displayName} is in every team.`
        ) : (
          `${member.displayName} is in every team you may add members to.`
        )}
      </p>
    );
  }

  return (
    <FormField label="Team" description={teams.isError ? "We couldn't load the teams. Reload the page to try again." : undefined}>
      {(control) => (
        <div className="flex max-w-md gap-2">
          <NativeSelect {...control} value={teamId} onChange={(event) => setTeamId(event.target.value)} disabled={!teams.data}>
            <option value="">Choose a team…</option>
            {available.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </NativeSelect>
          <Button variant="outline" onClick={() => void add()} disabled={!chosen || membership.adding} aria-busy={membership.adding}>
            {membership.adding ? <Spinner /> : <Plus aria-hidden />}
            Add to team
          </Button>
        </div>
      )}
    </FormField>
  );
}
