import { databaseProjects } from '@gatehouse/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: databaseProjects({ include: ['test/**/*.test.ts'] }),
    // The browser test drives one Chromium; files run one at a time to fit a 2-core machine.
    fileParallelism: false,
  },
});
