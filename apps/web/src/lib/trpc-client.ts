import { httpBatchLink } from '@trpc/client';
import { sudoLink } from './sudo-link';
import type { SudoPrompt } from './sudo-prompt';
import { trpc } from './trpc';

export function createTrpcClient(sudoPrompt: SudoPrompt) {
  return trpc.createClient({
    links: [
      sudoLink(sudoPrompt),
      httpBatchLink({
        url: '/trpc',
        // The server refuses batches of more than 10 calls (SPEC §4).
        maxItems: 10,
        maxURLLength: 2000,
        fetch: (url, options) => fetch(url, { ...options, credentials: 'same-origin' }),
      }),
    ],
  });
}
