import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Plus, UsersRound } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { TableSkeleton } from '../table-skeleton';
import type { Team } from '../types';
import { deleteTeamDescription } from './delete-team-description';
import { TeamNameDialog, type TeamNameTarget } from './team-name-dialog';
import { TeamsTable } from './teams-table';
import { useTeamMutations } from './use-team-mutations';

export function TeamsPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const access = useAccess();
  // Creating takes teams:write org-wide; renaming and deleting, teams:write in that team.
  const canCreate = access.orgWide('teams:write');
  const canChange = (team: Team) => access.inTeam('teams:write', team.id);
  const teams = trpc.orgAdmin.teams.list.useQuery();
  const mutations = useTeamMutations();
  const [naming, setNaming] = useState<TeamNameTarget | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => headingRef.current?.focus();
  const startCreating = () => setNaming({ mode: 'create' });

  const createButton = (
    <Button onClick={startCreating}>
      <Plus aria-hidden />
      Create team
    </Button>
  );

  const renderTeams = () => {
    if (teams.data?.length === 0) {
      return (
        <EmptyState
          icon={<UsersRound />}
          title={<h2>No teams yet</h2>}
          description="Teams group members with the agents they may use: a member sees exactly the agents of their teams."
          action={canCreate ? createButton : undefined}
          className="border-0"
        />
      );
    }
    if (teams.data) {
      return (
        <TeamsTable
          teams={teams.data}
          dates={dates}
          onRename={(team) => setNaming({ mode: 'rename', team })}
          onDelete={setDeleting}
          mayChange={canChange}
        />
      );
    }
    if (teams.isError) {
      return <LoadError title="We couldn't load the teams" error={teams.error} onRetry={() => void teams.refetch()} className="p-6" />;
    }
    return <TableSkeleton label="Loading teams" rows={3} />;
  };

  return (
    <div className="grid gap-6">
      <AdminPageHeader
        title="Teams"
        headingRef={headingRef}
        description="Members of a team can use its agents. Open a team to manage its members and agents."
        // The empty state carries its own button; two with the same name would only confuse.
        action={canCreate && teams.data?.length !== 0 ? createButton : undefined}
        canManage={access.loaded ? access.anywhere('teams:write') : undefined}
      />
      <Card className="overflow-hidden">{renderTeams()}</Card>

      <TeamNameDialog
        target={naming}
        onClose={() => setNaming(null)}
        onSubmit={async (name) => {
          if (naming?.mode === 'rename') await mutations.rename(naming.team, name);
          else await mutations.create(name);
        }}
        focusFallback={focusHeading}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'team'}?`}
        description={deleting ? deleteTeamDescription(deleting) : ''}
        confirmLabel="Delete team"
        onConfirm={() => (deleting ? mutations.remove(deleting) : Promise.resolve())}
        focusFallback={focusHeading}
      />
    </div>
  );
}
