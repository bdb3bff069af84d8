import { Button } from '@gatehouse/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Bot, Plus, Trash2 } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { errorData } from '../../../lib/api-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc, type RouterOutputs } from '../../../lib/trpc';
import { useMe } from '../../../shell/me-context';
import { TableSkeleton } from '../table-skeleton';
import type { Team } from '../types';
import { NewAgentDialog } from './new-agent-dialog';

type Agent = RouterOutputs['agents']['list'][number];

export function TeamAgentsCard({ team, canManage }: { team: Team; canManage: boolean }) {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const utils = trpc.useUtils();
  // Owners see every agent of the organisation here; admins only those of their own teams.
  const agents = trpc.agents.list.useQuery();
  const remove = trpc.orgAdmin.agents.delete.useMutation();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Agent | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => headingRef.current?.focus();
  const mine = agents.data?.filter((agent) => agent.team.id === team.id);
  const hidden = mine ? team.agentCount - mine.length : 0;

  const confirmDelete = async (agent: Agent) => {
    try {
      await remove.mutateAsync({ agentId: agent.id });
      toast.success(`Agent ${agent.name} deleted`);
    } catch (err) {
      if (errorData(err)?.code !== 'NOT_FOUND') throw err;
    }
    await Promise.all([utils.agents.list.invalidate(), utils.orgAdmin.teams.list.invalidate()]);
  };

  const renderAgents = () => {
    if (mine?.length === 0 && hidden <= 0) {
      return <p className="border-t px-6 py-5 text-sm text-muted-foreground">{team.name} has no agents yet.</p>;
    }
    if (mine) {
      return (
        <>
          <ul aria-label={`Agents of ${team.name}`} className="divide-y border-t">
            {mine.map((agent) => (
              <li key={agent.id} className="flex items-center justify-between gap-3 px-6 py-3">
                <div className="flex min-w-0 items-center gap-3">
                  <Bot aria-hidden className="size-4 shrink-0 text-muted-foreground" />
                  <span className="truncate text-sm font-medium">{agent.name}</span>
                  <span className="hidden text-xs text-muted-foreground sm:inline">Created {dates.date(agent.createdAt)}</span>
                </div>
                {canManage ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Delete ${agent.name}`}
                    onClick={() => setDeleting(agent)}
                    className="text-destructive hover:bg-destructive/5 hover:text-destructive"
                  >
                    <Trash2 aria-hidden />
                    Delete
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          {hidden > 0 ? (
            <p className="border-t px-6 py-4 text-sm text-muted-foreground">
              {hidden === 1 ? '1 more agent is' : `${hidden} more agents are`} visible only to owners and the team's
              members.
            </p>
          ) : null}
        </>
      );
    }
    if (agents.isError) {
      return <LoadError title="We couldn't load the agents" error={agents.error} onRetry={() => void agents.refetch()} className="border-t p-6" />;
    }
    return <TableSkeleton label="Loading agents" rows={2} />;
  };

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4 pb-6">
        <div className="grid gap-1.5">
          <CardTitle ref={headingRef} tabIndex={-1} className="outline-none">
            Agents
          </CardTitle>
          <CardDescription>Available to this team's members, and to no one else.</CardDescription>
        </div>
        {canManage ? (
          <Button variant="outline" onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            New agent
          </Button>
        ) : null}
      </CardHeader>
      {renderAgents()}
      <NewAgentDialog team={team} open={creating} onClose={() => setCreating(false)} focusFallback={focusHeading} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'agent'}?`}
        description={`Members of ${team.name} lose access to it at once. This can't be undone.`}
        confirmLabel="Delete agent"
        onConfirm={() => (deleting ? confirmDelete(deleting) : Promise.resolve())}
        focusFallback={focusHeading}
      />
    </Card>
  );
}
