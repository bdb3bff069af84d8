import { defineConfig } from 'vitest/config';
import { databaseProjects } from '@gatehouse/vitest-config';

export default defineConfig({
  test: { projects: databaseProjects() },
});
