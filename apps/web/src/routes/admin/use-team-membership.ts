import { toast } from 'sonner';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';

type Change = { teamId: string; userId: string };

/**
 * Adding someone to a team and taking them out, from either side (the member's page or the
 * team's). Both pages, the lists and the team counts all show memberships, so all are refreshed.
 * Each call resolves to whether it worked; a failure has already been shown as a toast.
 */
export function useTeamMembership(afterRemove?: () => void) {
  const utils = trpc.useUtils();
  const add = trpc.orgAdmin.teams.addMember.useMutation();
  const remove = trpc.orgAdmin.teams.removeMember.useMutation();

  const run = async (call: Promise<unknown>, change: Change, message: string): Promise<boolean> => {
    try {
      await call;
    } catch (err) {
      toast.error(describeError(err));
      return false;
    }
    await Promise.all([
      utils.orgAdmin.members.get.invalidate({ userId: change.userId }),
      utils.orgAdmin.members.list.invalidate(),
      utils.orgAdmin.teams.list.invalidate(),
    ]);
    toast.success(message);
    return true;
  };

  return {
    add: (change: Change, message: string) => run(add.mutateAsync(change), change, message),
    remove: async (change: Change, message: string) => {
      const done = await run(remove.mutateAsync(change), change, message);
      // The row and its button are gone: focus moves on rather than falling to the page's top.
      if (done) afterRemove?.();
      return done;
    },
    adding: add.isPending,
    removing: remove.isPending ? remove.variables : undefined,
  };
}

export type TeamMembership = ReturnType<typeof useTeamMembership>;
