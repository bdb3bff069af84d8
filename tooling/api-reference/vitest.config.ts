import { sourceConditions } from '@gatehouse/vitest-config';
import { defineConfig } from 'vitest/config';

// No database: the reference is checked once, against the workspace's TypeScript sources.
export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
