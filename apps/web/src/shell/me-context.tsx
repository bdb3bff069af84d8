import { createContext, useContext } from 'react';
import type { Me } from '../lib/trpc';

export const MeContext = createContext<Me | null>(null);

/** The signed-in user, for screens inside the shell (which only renders once `me.get` has loaded). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() is only available inside the signed-in shell');
  return me;
}
