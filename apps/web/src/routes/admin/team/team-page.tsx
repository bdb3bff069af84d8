import { Button } from '@gatehouse/ui/button';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { AdminNotFound } from '../admin-not-found';
import { AdminPageHeader } from '../admin-page-header';
import { count, deleteTeamDescription } from '../teams/delete-team-description';
import { TeamNameDialog } from '../teams/team-name-dialog';
import { useTeamMutations } from '../teams/use-team-mutations';
import { TeamAgentsCard } from './team-agents-card';
import { TeamMembersCard } from './team-members-card';

const back = { to: '/admin/teams', label: 'Teams' };

export function TeamPage() {
  const { teamId = '' } = useParams();
  const navigate = useNavigate();
  const access = useAccess();
  // The list is small and already cached from the Teams page; there is no separate "get".
  const teams = trpc.orgAdmin.teams.list.useQuery();
  const mutations = useTeamMutations();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const team = teams.data?.find((t) => t.id === teamId);

  if (!team) {
    if (teams.data) return <AdminNotFound what="team" back={{ to: back.to, label: 'Back to teams' }} />;
    if (teams.isError) {
      return (
        <div className="grid gap-6">
          <AdminPageHeader title="Team" back={back} />
          <LoadError title="We couldn't load this team" error={teams.error} onRetry={() => void teams.refetch()} />
        </div>
      );
    }
    return (
      <div role="status" aria-label="Loading team" aria-busy className="grid gap-6">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-72 w-full rounded-xl" />
      </div>
    );
  }

  // Each within this team: org-wide, or through a role the caller holds in it.
  const canManage = access.inTeam('teams:write', team.id);
  return (
    <div className="grid gap-6">
      <AdminPageHeader
        back={back}
        title={team.name}
        description={`${count(team.memberCount, 'member', 'members')} · ${count(team.agentCount, 'agent', 'agents')}`}
        action={
          canManage ? (
            <div className="flex gap-2">
              <Button variant="outline" aria-label={`Rename ${team.name}`} onClick={() => setRenaming(true)}>
                <Pencil aria-hidden />
                Rename
              </Button>
              <Button
                variant="outline"
                aria-label={`Delete ${team.name}`}
                onClick={() => setDeleting(true)}
                className="text-destructive hover:bg-destructive/5 hover:text-destructive"
              >
                <Trash2 aria-hidden />
                Delete
              </Button>
            </div>
          ) : undefined
        }
        canManage={access.loaded ? canManage : undefined}
      />
      <TeamMembersCard
        team={team}
        canManage={canManage}
        canAssignRoles={access.inTeam('roles:assign', team.id)}
        canListMembers={access.inTeam('members:read', team.id)}
      />
      <TeamAgentsCard team={team} canManage={access.inTeam('agents:write', team.id)} />

      <TeamNameDialog
        target={renaming ? { mode: 'rename', team } : null}
        onClose={() => setRenaming(false)}
        onSubmit={(name) => mutations.rename(team, name)}
      />
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${team.name}?`}
        description={deleteTeamDescription(team)}
        confirmLabel="Delete team"
        // Leave before the list refreshes: this page would only find the team gone.
        onConfirm={() => mutations.remove(team, () => navigate('/admin/teams', { replace: true }))}
      />
    </div>
  );
}
