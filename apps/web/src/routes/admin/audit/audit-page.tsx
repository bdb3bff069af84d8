import { Card } from '@gatehouse/ui/card';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { keepPreviousData } from '@tanstack/react-query';
import { ScrollText } from 'lucide-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../../components/load-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { zonedDayStart } from '../../../lib/zoned-day';
import { useMe } from '../../../shell/me-context';
import { AdminPageHeader } from '../admin-page-header';
import { LoadMore } from '../load-more';
import { TableSkeleton } from '../table-skeleton';
import { AuditFilters, EXACT_ACTION, noAuditFilters, type AuditFilterValues } from './audit-filters';
import { AuditTable } from './audit-table';

const PAGE_SIZE = 50;

const FILTER_PARAMS: Record<keyof AuditFilterValues, string> = { family: 'action', exact: 'exact', actorId: 'actor', since: 'since', until: 'until' };

function filtersFrom(params: URLSearchParams): AuditFilterValues {
  const values = { ...noAuditFilters };
  for (const [key, name] of Object.entries(FILTER_PARAMS) as [keyof AuditFilterValues, string][]) values[key] = params.get(name) ?? '';
  return values;
}

function paramsFrom(values: AuditFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, name] of Object.entries(FILTER_PARAMS) as [keyof AuditFilterValues, string][]) if (values[key]) params.set(name, values[key]);
  return params;
}
/** The actor filter lists this many members (the server's largest page); they also name target members. */
const ACTOR_CHOICES = 100;

export function AuditPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  // Filters live in the URL: a reload, Back, or a shared link shows the same view.
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const setFilters = (values: AuditFilterValues) => setParams(paramsFrom(values), { replace: true });
  const exact = useDebouncedValue(filters.exact.trim());
  // audit:read alone doesn't list members: the actor filter then stays off rather than fail.
  const canListMembers = useAccess().orgWide('members:read');
  const actors = trpc.orgAdmin.members.list.useQuery({ limit: ACTOR_CHOICES }, { enabled: canListMembers });
  const memberNames = useMemo(
    () => new Map(actors.data?.items.map((member) => [member.userId, member.displayName])),
    [actors.data],
  );

  // Days are read in the profile's time zone, as every time on the page is shown in it.
  const lastInstant = filters.until ? zonedDayStart(filters.until, me.timezone, 1) : undefined;
  const input = {
    limit: PAGE_SIZE,
    action: (filters.family === EXACT_ACTION ? exact : filters.family) || undefined,
    actorId: filters.actorId || undefined,
    since: filters.since ? zonedDayStart(filters.since, me.timezone) : undefined,
    until: lastInstant ? new Date(Date.parse(lastInstant) - 1).toISOString() : undefined,
  };
  const log = trpc.orgAdmin.audit.list.useInfiniteQuery(input, {
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = log.data?.pages.flatMap((page) => page.items);

  const renderLog = () => {
    if (items?.length === 0) {
      return (
        <EmptyState
          icon={<ScrollText />}
          title={<h2>No matching events</h2>}
          description="Nothing was recorded for these filters. Widen the dates or choose another action or actor."
          className="border-0"
        />
      );
    }
    if (items) {
      return (
        <div aria-busy={log.isPlaceholderData}>
          <AuditTable items={items} dates={dates} memberNames={memberNames} />
          <LoadMore
            hasMore={log.hasNextPage}
            loading={log.isFetchingNextPage}
            onLoad={() => void log.fetchNextPage()}
            shown={items.length}
            noun={['event', 'events']}
          />
        </div>
      );
    }
    if (log.isError) {
      return <LoadError title="We couldn't load the audit log" error={log.error} onRetry={() => void log.refetch()} className="p-6" />;
    }
    return <TableSkeleton label="Loading the audit log" rows={5} />;
  };

  return (
    <div className="grid gap-6">
      <AdminPageHeader
        title="Audit log"
        // No canManage, so no read-only note: nobody changes the log, owners included.
        description={`Everything done in ${me.org.name}, newest first: sign-ins, changes to members, teams, keys and invitations. Entries can't be changed or deleted. Times are in ${me.timezone}.`}
      />
      <AuditFilters values={filters} onChange={setFilters} actors={actors.data?.items} dates={dates} />
      <Card className="overflow-hidden">{renderLog()}</Card>
    </div>
  );
}
