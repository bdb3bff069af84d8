import type { AppRouter } from '@gatehouse/api';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterOutputs } from '@trpc/server';

export const trpc = createTRPCReact<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Me = RouterOutputs['me']['get'];
/** A personal API key's metadata, as `me.apiKeys.list` returns it (never a secret). */
export type ApiKey = RouterOutputs['me']['apiKeys']['list'][number];
