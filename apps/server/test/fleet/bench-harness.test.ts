// `pnpm bench` measures the built server through bench/harness.js, which no other test runs: when
// sign-up began to require a confirmed address before minting keys, the benchmark stopped at its
// first step and nothing noticed. This runs the harness's own setup against today's server.
import { afterAll, describe, expect, it } from 'vitest';

interface BenchServer {
  url: string;
  origin: string;
}
interface BenchHarness {
  createScope(): { cleanup(): Promise<void> };
  startGatehouse(scope: unknown): Promise<BenchServer>;
  signUp(server: BenchServer): Promise<string>;
  createApiKey(server: BenchServer, cookie: string): Promise<string>;
}

// A plain JavaScript module outside this package: loaded by path, typed here by what the test uses.
const harnessPath = new URL('../../../../bench/harness.js', import.meta.url).href;
const harness = (await import(harnessPath)) as BenchHarness;
const scope = harness.createScope();
afterAll(() => scope.cleanup());

describe("the benchmark's setup", () => {
  it('starts the built server, signs a user up (address confirmed), mints a key, and both credentials answer me.get', async () => {
    const server = await harness.startGatehouse(scope);
    const cookie = await harness.signUp(server);
    const key = await harness.createApiKey(server, cookie);
    for (const headers of [{ cookie }, { authorization: `Bearer ${key}` }]) {
      const res = await fetch(`${server.url}/trpc/me.get`, { headers });
      expect(res.status).toBe(200);
      const { result } = (await res.json()) as { result: { data: { emailVerified: boolean; via: string } } };
      expect(result.data.emailVerified).toBe(true);
    }
  });
});
