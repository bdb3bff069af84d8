import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@gatehouse/ui/tabs';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { keepPreviousData } from '@tanstack/react-query';
import { SearchX, UserPlus } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../../components/load-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { InviteMemberDialog } from '../invitations/invite-member-dialog';
import { LoadMore } from '../load-more';
import { ServiceAccountsList } from '../service-accounts/service-accounts-list';
import { TableSkeleton } from '../table-skeleton';
import { MembersFilters } from './members-filters';
import { MembersTable } from './members-table';
import { useMemberFilters } from './use-member-filters';

const PAGE_SIZE = 50;

export function MembersPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const access = useAccess();
  // Inviting is this page's one change, and the server lets invitations:write do it.
  const canInvite = access.orgWide('invitations:write');
  const [inviting, setInviting] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { search, setSearch, filters, setRole, setTeam, setMfa, clear, filtered } = useMemberFilters();
  // members:read without teams:read: no team filter, rather than a refused call.
  const canListTeams = access.anywhere('teams:read');
  const teams = trpc.orgAdmin.teams.list.useQuery(undefined, { enabled: canListTeams });
  const list = trpc.orgAdmin.members.list.useInfiniteQuery(
    {
      limit: PAGE_SIZE,
      query: filters.query || undefined,
      role: filters.role || undefined,
      teamId: filters.teamId || undefined,
      mfa: filters.mfa || undefined,
    },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // The old rows stay while a new search loads, so the table doesn't flash empty per keystroke.
      placeholderData: keepPreviousData,
    },
  );
  const members = list.data?.pages.flatMap((page) => page.items);
  // The tab lives in the URL, so a service account's page can link back to it.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'service-accounts' ? 'service-accounts' : 'people';

  const renderList = () => {
    if (members?.length === 0) {
      return (
        <EmptyState
          icon={<SearchX />}
          title={<h2>No members match</h2>}
          description="Try a shorter search, or another role, team or two-factor filter."
          action={
            filtered ? (
              <Button variant="outline" onClick={clear}>
                Clear search and filters
              </Button>
            ) : undefined
          }
          className="border-0"
        />
      );
    }
    if (members) {
      return (
        <div aria-busy={list.isPlaceholderData}>
          <MembersTable members={members} dates={dates} />
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
            shown={members.length}
            noun={['member', 'members']}
          />
        </div>
      );
    }
    if (list.isError) {
      return <LoadError title="We couldn't load the members" error={list.error} onRetry={() => void list.refetch()} className="p-6" />;
    }
    return <TableSkeleton label="Loading members" />;
  };

  return (
    <div className="grid gap-6">
      <AdminPageHeader
        title="Members"
        headingRef={headingRef}
        description={`Everyone in ${me.org.name}: their role, their teams, and when they joined.`}
        action={
          canInvite ? (
            <Button onClick={() => setInviting(true)}>
              <UserPlus aria-hidden />
              Invite member
            </Button>
          ) : undefined
        }
        canManage={access.loaded ? canInvite : undefined}
      />
      <title>{`Members · Gatehouse`}</title>
      <Tabs
        value={tab}
        onValueChange={(value) =>
          setParams((current) => {
            const next = new URLSearchParams(current);
            if (value === 'people') next.delete('tab');
            else next.set('tab', value);
            return next;
          })
        }
      >
        <TabsList aria-label="Kind of member">
          <TabsTrigger value="people">People</TabsTrigger>
          <TabsTrigger value="service-accounts">Service accounts</TabsTrigger>
        </TabsList>
        <TabsContent value="people" className="grid gap-6">
          <MembersFilters
            search={search}
            onSearch={setSearch}
            filters={filters}
            onRole={setRole}
            onTeam={setTeam}
            onMfa={setMfa}
            teams={teams.data}
          />
          <Card className="overflow-hidden">{renderList()}</Card>
        </TabsContent>
        <TabsContent value="service-accounts">
          <Card className="overflow-hidden">
            <ServiceAccountsList />
          </Card>
        </TabsContent>
      </Tabs>
      <InviteMemberDialog
        open={inviting}
        onOpenChange={setInviting}
        dates={dates}
        focusFallback={() => headingRef.current?.focus()}
      />
    </div>
  );
}
