import { useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../../lib/describe-error';
import { trpc } from '../../lib/trpc';
import type { TotpSetup } from './totp-setup-flow';

/**
 * Asks the server for a fresh secret (it needs sudo: the shared prompt asks for the password or a
 * code first). The secret lives in this hook's state until the flow ends.
 */
export function useBeginTotp() {
  const begin = trpc.me.mfa.totp.begin.useMutation({ gcTime: 0 });
  const [setup, setSetup] = useState<TotpSetup | null>(null);

  const start = async () => {
    try {
      const result = await begin.mutateAsync();
      begin.reset();
      setSetup(result);
    } catch (err) {
      toast.error(describeError(err));
    }
  };

  return { setup, start, pending: begin.isPending, end: () => setSetup(null) };
}
