import { toast } from 'sonner';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';

/**
 * Marking read refreshes every notifications list at once: the inbox's pages and the sidebar's
 * unread badge share the procedure, so one invalidation keeps them in step.
 */
export function useMarkRead(afterwards: () => void) {
  const utils = trpc.useUtils();
  const markRead = trpc.me.notifications.markRead.useMutation({
    onError: (err) => toast.error(describeError(err)),
    onSuccess: async () => {
      await utils.me.notifications.list.invalidate();
      afterwards();
    },
  });

  return {
    one: (id: string) => markRead.mutate({ ids: [id] }),
    all: () => markRead.mutate({ all: true }),
    pendingAll: markRead.isPending && markRead.variables.all === true,
    pendingId: markRead.isPending ? markRead.variables.ids?.[0] : undefined,
  };
}
