import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createQueryClient } from '../lib/query-client';
import { createSudoPrompt } from '../lib/sudo-prompt';
import { trpc } from '../lib/trpc';
import { createTrpcClient } from '../lib/trpc-client';
import { SudoDialog } from './sudo-dialog';
import { Toaster } from './toaster';

export function AppProviders({ children }: { children: ReactNode }) {
  // Created once per page load: the sudo prompt is shared by the tRPC link and the dialog.
  const [sudoPrompt] = useState(createSudoPrompt);
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createTrpcClient(sudoPrompt));

  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        {children}
        <SudoDialog prompt={sudoPrompt} />
        <Toaster />
      </QueryClientProvider>
    </trpc.Provider>
  );
}
