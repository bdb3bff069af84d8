import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Bot } from 'lucide-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { dateFormatFor } from '../../lib/date-format';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { AgentsSkeleton } from './agents-skeleton';

/** The team-scoped resource: exactly the agents of the teams you are in right now (owners: all). */
export function AgentsPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const agents = trpc.agents.list.useQuery();
  // Owners manage teams, so a team name takes them to where its agents are managed.
  const seesAll = me.role === 'owner';

  const renderAgents = () => {
    if (agents.data?.length === 0) {
      return (
        <EmptyState
          icon={<Bot />}
          title={<h2>No agents yet</h2>}
          description={
            seesAll
              ? 'Agents belong to teams; create one on a team’s page.'
              : 'Agents belong to teams; ask an owner to add you to a team.'
          }
          action={
            seesAll ? (
              <Button asChild variant="outline">
                <Link to="/admin/teams">Go to teams</Link>
              </Button>
            ) : undefined
          }
        />
      );
    }
    if (agents.data) {
      return (
        <Card className="overflow-hidden">
          <Table aria-label="Agents">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col">Agent</TableHead>
                <TableHead scope="col">Team</TableHead>
                <TableHead scope="col" className="hidden sm:table-cell">
                  Created
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {agents.data.map((agent) => (
                <TableRow key={agent.id}>
                  <TableCell className="font-medium">
                    <span className="flex items-center gap-2">
                      <Bot aria-hidden className="size-4 text-muted-foreground" />
                      {agent.name}
                    </span>
                  </TableCell>
                  <TableCell>
                    {seesAll ? (
                      <Link to={`/admin/teams/${agent.team.id}`} className="hover:underline">
                        {agent.team.name}
                      </Link>
                    ) : (
                      agent.team.name
                    )}
                  </TableCell>
                  <TableCell className="hidden text-muted-foreground sm:table-cell">{dates.date(agent.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      );
    }
    if (agents.isError) {
      return <LoadError title="We couldn't load your agents" error={agents.error} onRetry={() => void agents.refetch()} />;
    }
    return <AgentsSkeleton />;
  };

  return (
    <div className="grid gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Agents</h1>
        <p className="max-w-2xl text-sm text-muted-foreground">
          {seesAll
            ? 'Every agent in your organisation. As an owner you see them all; members see the agents of their teams.'
            : 'The agents of the teams you belong to. Joining or leaving a team changes this list at once.'}
        </p>
      </header>
      {renderAgents()}
    </div>
  );
}
