import { toast } from 'sonner';
import { errorData } from '../../../lib/api-error';
import { trpc } from '../../../lib/trpc';
import type { Team } from '../types';

/**
 * Create, rename and delete, each refreshing what shows teams (the list, member pages' team
 * lists, agents). Failures are thrown to the dialog that asked, which shows them in place.
 */
export function useTeamMutations() {
  const utils = trpc.useUtils();
  const create = trpc.orgAdmin.teams.create.useMutation();
  const rename = trpc.orgAdmin.teams.rename.useMutation();
  const remove = trpc.orgAdmin.teams.delete.useMutation();

  const refresh = () =>
    Promise.all([
      utils.orgAdmin.teams.list.invalidate(),
      utils.orgAdmin.members.invalidate(),
      utils.agents.list.invalidate(),
    ]);

  return {
    create: async (name: string) => {
      const team = await create.mutateAsync({ name });
      await utils.orgAdmin.teams.list.invalidate();
      toast.success(`Team ${team.name} created`);
      return team;
    },
    rename: async (team: Team, name: string) => {
      const renamed = await rename.mutateAsync({ teamId: team.id, name });
      await refresh();
      toast.success(`Team renamed to ${renamed.name}`);
    },
    /** `beforeRefresh` runs once the team is gone, e.g. to leave its page before the list no longer has it. */
    remove: async (team: Team, beforeRefresh?: () => void | Promise<void>) => {
      try {
        await remove.mutateAsync({ teamId: team.id });
        toast.success(`Team ${team.name} deleted`);
      } catch (err) {
        // Already deleted (in another tab, by another owner) is the outcome asked for.
        if (errorData(err)?.code !== 'NOT_FOUND') throw err;
      }
      await beforeRefresh?.();
      await refresh();
    },
  };
}
