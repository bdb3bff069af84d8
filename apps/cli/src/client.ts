import type { AppRouter } from '@gatehouse/api';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { CliConfig } from './env.js';
import { VERSION } from './version.js';

export type GatehouseClient = TRPCClient<AppRouter>;

/**
 * The typed client: queries go out as GET, mutations as POST, each authenticated with the API key.
 * Plain JSON on the wire (no transformer), exactly as the server speaks it.
 */
export function createGatehouseClient(config: CliConfig, fetchImpl: typeof fetch = fetch): GatehouseClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${config.url}/trpc`,
        headers: {
          authorization: `Bearer ${config.apiKey}`,
          'user-agent': `gatehouse-cli/${VERSION}`,
        },
        fetch: (url: URL | string, init?: RequestInit) => {
          const timeout = AbortSignal.timeout(config.timeoutMs);
          const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
          return fetchImpl(url, { ...init, signal });
        },
      }),
    ],
  });
}
