import { databaseProjects, sourceConditions } from '@gatehouse/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // HTTP tests: once per database engine.
      ...databaseProjects({ include: ['test/*.test.ts'] }),
      // Browser tests drive one real Chromium against the built app on SQLite.
      {
        extends: true,
        resolve: { conditions: sourceConditions },
        ssr: { resolve: { conditions: sourceConditions } },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { TEST_DB: 'sqlite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
    // Files run one at a time: a 2-core machine, and Chromium is heavy.
    fileParallelism: false,
  },
});
