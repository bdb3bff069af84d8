import { toast } from 'sonner';
import { describeError } from '../../lib/describe-error';
import { trpc, type RouterOutputs } from '../../lib/trpc';

export type Preference = RouterOutputs['me']['notifications']['preferences'][number];
export type Channel = 'email' | 'inApp';

/**
 * A switch saves as it is flipped: the matrix shows the new value at once and goes back to the
 * old one, with a toast, if the server refuses. Only the changed row is sent, so two quick flips
 * in different rows can't overwrite each other.
 */
export function usePreferenceToggle() {
  const utils = trpc.useUtils();
  const preferences = utils.me.notifications.preferences;

  const replaceRow = (row: Preference) =>
    preferences.setData(undefined, (rows) => rows?.map((r) => (r.category === row.category ? row : r)));

  const update = trpc.me.notifications.updatePreferences.useMutation({
    onMutate: async ({ preferences: [change] }) => {
      // A refetch already on its way would land on top of the optimistic value with the old one.
      await preferences.cancel();
      const previous = preferences.getData()?.find((row) => row.category === change?.category);
      if (change) replaceRow(change);
      return { previous };
    },
    onError: (err, _input, context) => {
      if (context?.previous) replaceRow(context.previous);
      toast.error(`Your preferences weren't saved. ${describeError(err)}`);
    },
    onSuccess: () => toast.success('Preferences saved'),
    onSettled: () => {
      // Only the last change in flight refetches, so an earlier answer can't undo a later flip.
      if (utils.me.notifications.updatePreferences.isMutating() <= 1) void preferences.invalidate();
    },
  });

  return (row: Preference, channel: Channel, on: boolean) =>
    update.mutate({ preferences: [{ ...row, [channel]: on }] });
}
