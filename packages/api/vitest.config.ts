import { databaseProjects } from '@gatehouse/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { projects: databaseProjects() },
});
