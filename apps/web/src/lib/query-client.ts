import { MutationCache, QueryCache, QueryClient, partialMatchKey } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { isSignedOutError, isWorthRetrying } from './api-error';
import { enrolmentRequired } from './enrolment-required';
import { trpc } from './trpc';

/**
 * When any call reveals the session is gone (expired, revoked from another device), refetch
 * `me.get`: the signed-in shell watches it and sends the user to sign in. `me.get` failing
 * is left to the shell itself, or each failure would trigger another refetch.
 */
export function createQueryClient(): QueryClient {
  const meKey = getQueryKey(trpc.me.get);
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        enrolmentRequired.note(err);
        if (isSignedOutError(err) && !partialMatchKey(query.queryKey, meKey)) void client.invalidateQueries({ queryKey: meKey });
      },
    }),
    mutationCache: new MutationCache({
      onError: (err) => {
        enrolmentRequired.note(err);
        if (isSignedOutError(err)) void client.invalidateQueries({ queryKey: meKey });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, err) => failureCount < 2 && isWorthRetrying(err),
      },
    },
  });
  return client;
}

/** Cached data belongs to whoever was signed in; the next person on this browser must not see it. */
export function forgetAccountData(client: QueryClient): void {
  client.clear();
  enrolmentRequired.clear();
}
