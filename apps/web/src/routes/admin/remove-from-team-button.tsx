import { Button } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';
import { X } from 'lucide-react';
import type { TeamMembership } from './use-team-membership';

/**
 * Takes one member out of one team, from either side (the member's page or the team's);
 * `label` says which row it belongs to, for screen readers.
 */
export function RemoveFromTeamButton({
  team,
  member,
  membership,
  label,
}: {
  team: { id: string; name: string };
  member: { userId: string; displayName: string };
  membership: TeamMembership;
  label: string;
}) {
  const removing = membership.removing?.teamId === team.id && membership.removing.userId === member.userId;
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={label}
      disabled={removing}
      aria-busy={removing}
      onClick={() =>
        void membership.remove({ teamId: team.id, userId: member.userId }, `${member.displayName} was removed from ${team.name}`)
      }
    >
      {removing ? <Spinner /> : <X aria-hidden />}
      Remove
    </Button>
  );
}
