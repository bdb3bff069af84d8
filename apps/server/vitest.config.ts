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
      // A fleet: built server processes on a shared PostgreSQL (and Redis), under faults. Each test
      // picks its engine; databases it creates are PostgreSQL ones.
      {
        extends: true,
        resolve: { conditions: sourceConditions },
        ssr: { resolve: { conditions: sourceConditions } },
        test: {
          name: 'fleet',
          include: ['test/fleet/**/*.test.ts'],
          env: { TEST_DB: 'postgres' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
    // Files run one at a time: a 2-core machine, and Chromium is heavy.
    fileParallelism: false,
  },
});
