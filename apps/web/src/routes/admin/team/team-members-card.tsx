import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { useRef } from 'react';
import { Link } from 'react-router';
import { LoadError } from '../../../components/load-error';
import { RoleBadge } from '../../../components/role-badge';
import { trpc } from '../../../lib/trpc';
import { LoadMore } from '../load-more';
import { TableSkeleton } from '../table-skeleton';
import type { Team } from '../types';
import { RemoveFromTeamButton } from '../remove-from-team-button';
import { useTeamMembership } from '../use-team-membership';
import { MemberPicker } from './member-picker';
import { TeamRoleSelect } from './team-role-select';

const PAGE_SIZE = 50;

type TeamMembersCardProps = {
  team: Team;
  /** teams:write here: add and remove members. */
  canManage: boolean;
  /** roles:assign here: give a member a role within this team. */
  canAssignRoles: boolean;
  /** members:read here: teams:read alone shows the team, but the server won't list its people. */
  canListMembers: boolean;
};

export function TeamMembersCard({ team, canManage, canAssignRoles, canListMembers }: TeamMembersCardProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const membership = useTeamMembership(() => headingRef.current?.focus());
  const list = trpc.orgAdmin.members.list.useInfiniteQuery(
    { limit: PAGE_SIZE, teamId: team.id },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, enabled: canListMembers },
  );
  const members = list.data?.pages.flatMap((page) => page.items);

  const renderMembers = () => {
    if (!canListMembers) {
      return <p className="border-t px-6 py-5 text-sm text-muted-foreground">Your role doesn't include the list of this team's members.</p>;
    }
    if (members?.length === 0) {
      return <p className="border-t px-6 py-5 text-sm text-muted-foreground">Nobody is in {team.name} yet.</p>;
    }
    if (members) {
      return (
        <>
          <ul aria-label={`Members of ${team.name}`} className="divide-y border-t">
            {members.map((member) => (
              <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 px-6 py-3">
                <div className="grid min-w-0">
                  <Link to={`/admin/members/${member.userId}`} className="truncate text-sm font-medium hover:underline">
                    {member.displayName}
                  </Link>
                  <span className="truncate text-xs text-muted-foreground">{member.email}</span>
                </div>
                <div className="flex items-center gap-3">
                  <RoleBadge role={member.role} />
                  {canAssignRoles ? <TeamRoleSelect team={team} member={member} /> : null}
                  {canManage ? (
                    <RemoveFromTeamButton
                      team={team}
                      member={member}
                      membership={membership}
                      label={`Remove ${member.displayName} from ${team.name}`}
                    />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
          {list.hasNextPage ? (
            <LoadMore
              hasMore
              loading={list.isFetchingNextPage}
              onLoad={() => void list.fetchNextPage()}
              shown={members.length}
              noun={['member', 'members']}
            />
          ) : null}
        </>
      );
    }
    if (list.isError) {
      return <LoadError title="We couldn't load the team's members" error={list.error} onRetry={() => void list.refetch()} className="border-t p-6" />;
    }
    return <TableSkeleton label="Loading the team's members" rows={2} />;
  };

  return (
    <Card>
      <CardHeader className="pb-6">
        <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
          Members
        </CardTitle>
        <CardDescription>They can use the team's agents from the moment they are added.</CardDescription>
      </CardHeader>
      {canManage ? (
        <CardContent className="border-t pt-5 pb-5">
          <MemberPicker team={team} onAdd={membership.add} adding={membership.adding} />
        </CardContent>
      ) : null}
      {renderMembers()}
    </Card>
  );
}
