// Vite's default server conditions, with workspace packages resolved to their TypeScript sources.
const conditions = ['@gatehouse/source', 'module', 'node', 'development|production'];

/**
 * Every database test file runs twice: once on SQLite (the embedded default) and once on
 * PostgreSQL (scale-out), each in databases of its own.
 *
 * @param {import('vitest/config').TestProjectInlineConfiguration['test']} [extra]
 * @returns {import('vitest/config').TestProjectInlineConfiguration[]}
 */
export function databaseProjects(extra = {}) {
  return /** @type {const} */ (['sqlite', 'postgres']).map((db) => ({
    extends: true,
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name: db,
      env: { TEST_DB: db },
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra,
    },
  }));
}

export { conditions as sourceConditions };
